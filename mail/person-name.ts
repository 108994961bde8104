// How to name and address a person, by the conventions of the script their name is written in.
// Chinese, Japanese and Korean names put the family name first, without a space (吴超), and a
// business email greets with the full name: a bare given name is too familiar.
const eastAsianScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const isEastAsian = (first: string, last: string) => eastAsianScript.test(`${first}${last}`);

export function fullName(first: string, last: string): string {
  return (isEastAsian(first, last) ? `${last}${first}` : `${first} ${last}`).trim();
}

/** The name a greeting or subject line uses. */
export function addressName(first: string, last: string): string {
  return isEastAsian(first, last) ? fullName(first, last) : first.trim();
}
