// CommonJS output from node16/nodenext in a "type": "commonjs" project (npm init -y).
import express = require('express');
import { signIn } from './sign-in.js';

signIn(express(), express.urlencoded({ extended: false })).then(
  () => console.log('signed in'),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
