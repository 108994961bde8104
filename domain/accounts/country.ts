// Countries as accounts store them and journeys select them: ISO 3166-1 alpha-2 codes, one code per
// country, because a journey's `entry.countries` compares codes as text and an account stored under
// another code for the same country (UK beside GB) would never enter. The list is ISO's own, not
// Intl's: Intl.DisplayNames also names UK, EU, UN, the eurozone, pseudo-regions and withdrawn
// codes (SU, YU, DD), which are no country code, and its data differs between Node releases.
import { quoted } from '../words/quoted';

/** ISO 3166-1 alpha-2, the 249 officially assigned codes. */
const isoCodes = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** UK is what people write for the United Kingdom, and ISO reserves it for that use; its code is GB. */
const codeAliases = new Map([['UK', 'GB']]);

/**
 * Names people write beside the English names Intl gives: common long and short forms, and names
 * ICU has since changed (Turkey is Türkiye, the Czech Republic Czechia), which older files still use.
 */
const nameAliases = new Map([
  ['great britain', 'GB'],
  ['usa', 'US'],
  ['united states of america', 'US'],
  ['turkey', 'TR'],
  ['czech republic', 'CZ'],
]);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
/** "Bosnia & Herzegovina" as Intl writes it is "Bosnia and Herzegovina" as people do. */
const nameKey = (name: string) => name.trim().toLowerCase().replaceAll('&', 'and').replace(/\s+/g, ' ');
let codesByName: Map<string, string> | undefined;

function codeByName(name: string): string | undefined {
  codesByName ??= new Map([...[...isoCodes].map((code): [string, string] => [nameKey(regionNames.of(code)!), code]), ...nameAliases]);
  return codesByName.get(nameKey(name));
}

/** The ISO code that a code (any case, UK for GB) or an English country name stands for. */
export function countryCodeOf(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  if (isoCodes.has(upper)) return upper;
  return codeAliases.get(upper) ?? codeByName(text);
}

/** Whether two stored or written codes mean one country: accounts imported before UK was read as GB still hold UK. */
export const sameCountry = (a: string, b: string) => {
  const code = (c: string) => codeAliases.get(c.trim().toUpperCase()) ?? c.trim().toUpperCase();
  return code(a) === code(b);
};

/** Why `code` is not an ISO code as written, or undefined when it is: the code to write instead, or why it names no country. */
export function notAnIsoCode(code: string, expected: string): string | undefined {
  const iso = countryCodeOf(code);
  if (iso === code.trim().toUpperCase()) return undefined;
  return iso ? `${quoted(code)} is not an ISO 3166-1 country code, expected ${iso}` : notACountry(code, expected);
}

/**
 * Why `text` names no country, in the words of a field error: a withdrawn code (SU) says the
 * current one (RU), another code Intl knows (EU, UN, XK) what it stands for.
 */
export function notACountry(text: string, expected: string): string {
  const upper = text.trim().toUpperCase();
  const name = /^[A-Z]{2}$/.test(upper) ? regionNames.of(upper) : undefined;
  if (name === undefined || name === upper || /unknown/i.test(name)) return `${quoted(text)} is not a country, expected ${expected}`;
  const current = codeByName(name);
  return current
    ? `${quoted(text)} is a former code of ${name}, expected ${current}`
    : `${quoted(text)} (${name}) is not an ISO 3166-1 country code, expected ${expected}`;
}
