// A rule shared by the CLI and the API names the field a problem is about without knowing which door
// it is said through: `field('from')` marks it in the message, and each door says it its own way
// (the CLI `--from`, the API `querystring.from`), so no user reads the other door's words.
const marker = /\{field:([A-Za-z][\w]*)\}/g;

/** The field `name` (as the API and the schemas spell it), in a message for any door. */
export const field = (name: string) => `{field:${name}}`;

/** The message with each marked field named by `nameOf`. */
export const nameFields = (message: string, nameOf: (name: string) => string) => message.replace(marker, (_, name: string) => nameOf(name));

/** The CLI's spelling of the fields whose flag is not simply the name in kebab-case. */
const cliFlags: Record<string, string> = { closeDate: 'close' };

/** `createAccounts` → `--create-accounts`. */
export const cliFlag = (name: string) => `--${cliFlags[name] ?? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The message as the CLI says it. */
export const forCli = (message: string) => nameFields(message, cliFlag);

/** The message as a form says it: the field by its name, as the form's inputs are named. */
export const forForm = (message: string) => nameFields(message, (name) => `"${name}"`);
