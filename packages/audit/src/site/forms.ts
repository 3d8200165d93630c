/**
 * HTML forms as a browser would submit them, read with `node-html-parser`: the login form (the
 * one with a password field), the logout form, the "sign out other sessions" form, and the hidden
 * inputs (CSRF tokens) they carry.
 *
 * @module
 */
import { parse } from 'node-html-parser';

/** One form field with its default value. */
export interface FormField {
  name: string;
  value: string;
  /** Lower-case input type (`text`, `password`, `hidden`, …; `textarea`/`select` for those). */
  type: string;
}

/** A form found on a page. */
export interface HtmlForm {
  /** Where it submits, resolved against the page (may be another origin: callers must check). */
  action: URL;
  method: string;
  fields: FormField[];
}

/** Hidden inputs that carry anti-forgery tokens in common frameworks (csurf, Rails, Django, Laravel, Sesame). */
export const CSRF_FIELD_PATTERN = /csrf|xsrf|authenticity|_token|nonce/i;

/**
 * Every form on a page, with the fields a browser would submit by default (unchecked boxes and
 * buttons left out).
 *
 * @example
 * parseForms('<form method=post action=/login><input name=username></form>', new URL('http://x/login'));
 */
export function parseForms(html: string, pageUrl: URL): HtmlForm[] {
  const root = parse(html);
  return root.querySelectorAll('form').map((form) => {
    const fields: FormField[] = [];
    for (const input of form.querySelectorAll('input, textarea, select')) {
      const name = input.getAttribute('name');
      if (name === undefined || name === '' || input.getAttribute('disabled') !== undefined) continue;
      const tag = input.tagName.toLowerCase();
      const type = tag === 'input' ? (input.getAttribute('type') ?? 'text').toLowerCase() : tag;
      if (type === 'submit' || type === 'button' || type === 'image' || type === 'reset' || type === 'file')
        continue;
      if ((type === 'checkbox' || type === 'radio') && input.getAttribute('checked') === undefined) continue;
      fields.push({ name, value: fieldValue(input, tag), type });
    }
    let action: URL;
    try {
      action = new URL(form.getAttribute('action') ?? '', pageUrl);
    } catch {
      action = new URL(pageUrl);
    }
    return { action, method: (form.getAttribute('method') ?? 'get').toUpperCase(), fields };
  });
}

function fieldValue(input: ReturnType<typeof parse>, tag: string): string {
  if (tag === 'textarea') return input.text;
  if (tag === 'select') {
    const option = input.querySelector('option[selected]') ?? input.querySelector('option');
    return option?.getAttribute('value') ?? option?.text ?? '';
  }
  const type = (input.getAttribute('type') ?? '').toLowerCase();
  return input.getAttribute('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
}

/** The first form with a password field: a login form. */
export function findLoginForm(forms: readonly HtmlForm[]): HtmlForm | null {
  return forms.find((form) => form.fields.some((f) => f.type === 'password')) ?? null;
}

/** The first form that submits to `url` (same path, query ignored). */
export function findFormByAction(forms: readonly HtmlForm[], url: URL): HtmlForm | null {
  return (
    forms.find((form) => form.action.origin === url.origin && form.action.pathname === url.pathname) ?? null
  );
}

/** The name of the first hidden field that looks like an anti-forgery token, or `null`. */
export function csrfFieldOf(form: HtmlForm): string | null {
  return form.fields.find((f) => f.type === 'hidden' && CSRF_FIELD_PATTERN.test(f.name))?.name ?? null;
}

/** The fields of a form as a name → value record (the last one wins, as a server would see it). */
export function formValues(form: HtmlForm): Record<string, string> {
  return Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
}
