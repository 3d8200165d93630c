import { describe, expect, it } from 'vitest';
import { csrfFieldOf, findFormByAction, findLoginForm, formValues, parseForms } from './forms.js';

const PAGE = new URL('http://127.0.0.1:3000/login');

const HTML = `
<form action="/search"><input name="q"></form>
<form method="post" action="/login">
  <input type="hidden" name="_csrf" value="tok&amp;en">
  <input type="email" name="email">
  <input type="password" name="pw">
  <input type="checkbox" name="remember">
  <input type="checkbox" name="terms" value="yes" checked>
  <input type="submit" name="go" value="Sign in">
  <input name="disabled" value="x" disabled>
  <select name="lang"><option value="en">English</option><option value="fr" selected>French</option></select>
  <textarea name="note">hi</textarea>
</form>
<form method="post" action="logout"><input type="hidden" name="authenticity_token" value="a"></form>`;

describe('parseForms', () => {
  const forms = parseForms(HTML, PAGE);

  it('finds every form with its method and resolved action', () => {
    expect(forms.map((f) => [f.method, f.action.href])).toEqual([
      ['GET', 'http://127.0.0.1:3000/search'],
      ['POST', 'http://127.0.0.1:3000/login'],
      ['POST', 'http://127.0.0.1:3000/logout'],
    ]);
  });

  it('submits what a browser would: hidden values decoded, checked boxes only, no buttons or disabled fields', () => {
    const login = findLoginForm(forms);
    expect(login === null ? null : formValues(login)).toEqual({
      _csrf: 'tok&en',
      email: '',
      pw: '',
      terms: 'yes',
      lang: 'fr',
      note: 'hi',
    });
  });

  it('names the anti-forgery field', () => {
    const [, login, logout] = forms;
    expect(login && csrfFieldOf(login)).toBe('_csrf');
    expect(logout && csrfFieldOf(logout)).toBe('authenticity_token');
  });

  it('finds a form by where it submits', () => {
    expect(findFormByAction(forms, new URL('http://127.0.0.1:3000/logout'))?.fields[0]?.name).toBe(
      'authenticity_token',
    );
    expect(findFormByAction(forms, new URL('http://127.0.0.1:3001/logout'))).toBeNull();
  });

  it('returns nothing for a page without forms or with broken markup', () => {
    expect(parseForms('<p>no forms<', PAGE)).toEqual([]);
    expect(findLoginForm(parseForms('<form><input name=a', PAGE))).toBeNull();
  });
});
