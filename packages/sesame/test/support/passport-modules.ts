/**
 * Passport 0.7, passport-local, passport-oauth2 and connect-flash, loaded through `require` with
 * the few types the tests use. Their type declarations would add a global `Express.User` to the
 * one program the repo typechecks, where the demo app's own `User` type would then resolve to it.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { Request, RequestHandler } from 'express';

const require = createRequire(import.meta.url);

type Done<T> = (err: unknown, value?: T) => void;

export interface PassportInstance {
  use(strategy: object): void;
  use(name: string, strategy: object): void;
  serializeUser<U>(fn: (user: U, done: Done<string>) => void): void;
  deserializeUser<U>(fn: (id: string, done: Done<U | false>) => void): void;
  session(): RequestHandler;
  authenticate(
    strategy: string,
    options?: { successRedirect?: string; failureRedirect?: string },
  ): RequestHandler;
}

/** What Passport and connect-flash add to a request. */
export interface PassportRequest {
  user?: unknown;
  isAuthenticated(): boolean;
  logout(done: (err?: unknown) => void): void;
  flash(type: string, message?: string): string[];
}

export const passportRequest = (req: Request): PassportRequest => req as unknown as PassportRequest;

export function newPassport(): PassportInstance {
  const { Passport } = require('passport') as { Passport: new () => PassportInstance };
  return new Passport();
}

type LocalVerify = (username: string, password: string, done: Done<object | false>) => void;

export function localStrategy(verify: LocalVerify): object {
  const { Strategy } = require('passport-local') as { Strategy: new (verify: LocalVerify) => object };
  return new Strategy(verify);
}

export interface OAuth2Options {
  authorizationURL: string;
  tokenURL: string;
  clientID: string;
  clientSecret: string;
  callbackURL: string;
  state: boolean;
}
type OAuth2Verify = (access: string, refresh: string, profile: { id: string }, done: Done<object>) => void;

/** The part of passport-oauth2's Strategy the test overrides: the profile request. */
export interface OAuth2StrategyInstance {
  _oauth2: {
    useAuthorizationHeaderforGET(use: boolean): void;
    get(url: string, accessToken: string, done: (err: unknown, body?: string | Buffer) => void): void;
  };
  userProfile(accessToken: string, done: Done<object>): void;
}

export function oauth2Strategy(options: OAuth2Options, verify: OAuth2Verify): OAuth2StrategyInstance {
  const { Strategy } = require('passport-oauth2') as {
    Strategy: new (options: OAuth2Options, verify: OAuth2Verify) => OAuth2StrategyInstance;
  };
  return new Strategy(options, verify);
}

export function connectFlash(): RequestHandler {
  return (require('connect-flash') as () => RequestHandler)();
}
