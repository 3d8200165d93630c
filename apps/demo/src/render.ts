/**
 * Send a page: Preact components rendered to a string, which escapes every interpolated value
 * (OWASP XSS Prevention Cheat Sheet, rule 1: escape by default, never concatenate HTML).
 *
 * @module
 */
import type { Response } from 'express';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/**
 * @example
 * sendPage(res, 401, h(LoginPage, { csrfToken, error: 'Wrong username or password.' }));
 */
export function sendPage(res: Response, status: number, page: VNode): void {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html>${render(page)}`);
}
