/** The example's three pages, as plain HTML strings. */
const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

export const loginPage = (csrf: string, error = '') =>
  page(
    'Sign in',
    `${error}<form method="post" action="/login"><input type="hidden" name="_csrf" value="${csrf}">
    <input name="username" autocomplete="username"> <input name="password" type="password" autocomplete="current-password">
    <button>Sign in</button></form>`,
  );

export const accountPage = (userId: string, csrf: string) =>
  page(
    `Hello, ${userId}`,
    `<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf}"><button>Sign out</button></form>`,
  );

export const html = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

/** A 303 with a relative Location (RFC 9110 §10.2.2): no guess of the public host needed. */
export const seeOther = (location: string) => new Response(null, { status: 303, headers: { location } });
