// ESM output (node16/nodenext in a "type": "module" project, bundler): top-level await.
import express from 'express';
import { signIn } from './sign-in.js';

await signIn(express(), express.urlencoded({ extended: false }));
console.log('signed in');
