// Escaped HTML templates: every interpolated value is escaped unless it is already Html (made by
// this tag), so no page can inject what a contact, account or journey name contains.
import { escapeHtml } from '../http/pages';

export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]!) : ''), ''));
}

/** JSON inside <script type="application/json">: `<` escaped so no value can close the tag. */
export const jsonScript = (id: string, value: unknown) =>
  new Html(`<script type="application/json" id="${escapeHtml(id)}" data-live>${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`);
