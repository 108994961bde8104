// English puts "an" before a vowel sound: "an aerospace plant", "a medical devices plant". Templates
// write a variable word after the article (`account.industry`), so the article must follow the word;
// error messages name an expected type the same way ("expected an integer").
// Judged by spelling, with the usual exceptions: a silent h ("an hour") and a vowel letter read as
// a consonant sound ("a university", "a European", "a one-off").
const vowelSoundedH = /^(hour|honest|honou?r|heir)/i;
const consonantSoundedVowel = /^(uni(?!n)|use|usu|ura|eu|ewe|one|once)/i;

export function withIndefiniteArticle(word: unknown): string {
  const text = String(word ?? '').trim();
  if (text === '') return text;
  const an = vowelSoundedH.test(text) || (/^[aeiou]/i.test(text) && !consonantSoundedVowel.test(text));
  return `${an ? 'an' : 'a'} ${text}`;
}
