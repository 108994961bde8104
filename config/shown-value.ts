// A setting's value as a message or a log line shows it: the password a URL holds is masked
// (postgresql://harpoon:***@db:5432/h), in a URL too mistyped to parse as well (smtp//user:pass@relay),
// since a value is shown most often when it is wrong.

/** `value` with the password of its user info masked, up to the last @ (a password may hold one). */
export const withoutPassword = (value: string): string => value.replace(/^((?:[^\s/@]*\/\/)?[^\s:/@]*):(?!\/\/)\S*@/, '$1:***@');
