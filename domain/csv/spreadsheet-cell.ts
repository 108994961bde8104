// One cell of a CSV file Harpoon writes for people to open in a spreadsheet (ad audiences, the
// report, the forecast). A text cell that begins with =, +, -, @, a tab or a carriage return is
// what Excel, LibreOffice and Google Sheets run as a formula: a contact named
// `=HYPERLINK("http://evil.example","x")` would become a live link in a marketer's sheet. Such text
// gets a ' before it, as OWASP's CSV injection advice has it, and reads as the text it is.
// Not for the import rejects files (accounts/rejects-file.ts): those are imported again, and a quote
// added there would be imported with the value.

const formulaStart = /^[=+\-@\t\r]/;

/** The cell as CSV: a number as it is (a negative one stays a number to add up), text neutralised and quoted where needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (typeof value === 'number') return String(value);
  const text = value ?? '';
  const safe = formulaStart.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
