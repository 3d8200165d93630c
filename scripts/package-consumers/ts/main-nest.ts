// NestJS's default tsconfig (module commonjs, node10 resolution, no esModuleInterop): express
// imported the way NestJS projects import it.
import * as express from 'express';
import { signIn } from './sign-in.js';

signIn(express(), express.urlencoded({ extended: false })).then(
  () => console.log('signed in'),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
