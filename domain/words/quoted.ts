// A value as a message quotes it: a string in double quotes, anything else as JSON, cut to about
// 60 characters. Messages about a file's cells quote the cell they refuse, and a whole 1 MB cell
// would bury the row and column that point at it.
const limit = 60;

export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const cut = text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
  return typeof value === 'string' ? JSON.stringify(cut) : cut;
}
