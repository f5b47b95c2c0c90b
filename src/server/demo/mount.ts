import express, { type Express } from 'express';
import { sourceDir } from '../explorer/assets.js';

/** The /demo page: static files only; it talks to the public POST /graphql like any other client. */
export function mountDemo(app: Express): void {
  app.use('/demo', express.static(sourceDir('server', 'demo', 'public'), { maxAge: 0 }));
}
