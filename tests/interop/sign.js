#!/usr/bin/env node
// Prints Stripe-Signature header values computed by Stripe's official Node SDK
// (stripe.webhooks.generateTestHeaderString), one line per payload file, in
// argument order. The payload is each file's exact bytes.
//
// Usage: node sign.js --secret whsec_... [--timestamp UNIX_SECONDS] FILE...
//   --timestamp defaults to now.
'use strict';

const fs = require('fs');
const Stripe = require('stripe');

function usage(msg) {
  process.stderr.write(`sign.js: ${msg}\n` +
    'usage: node sign.js --secret whsec_... [--timestamp UNIX_SECONDS] FILE...\n');
  process.exit(2);
}

let secret = null;
let timestamp = Math.floor(Date.now() / 1000);
const files = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--secret') {
    if (i + 1 >= argv.length) usage('--secret needs a value');
    secret = argv[++i];
  } else if (a === '--timestamp') {
    if (i + 1 >= argv.length) usage('--timestamp needs a value');
    timestamp = Number(argv[++i]);
    if (!Number.isInteger(timestamp)) usage('--timestamp must be an integer');
  } else if (a.startsWith('--')) {
    usage(`unknown option ${a}`);
  } else {
    files.push(a);
  }
}
if (!secret) usage('--secret is required');
if (files.length === 0) usage('at least one FILE is required');

const stripe = new Stripe('sk_test_interop_unused');
const lines = files.map((f) => stripe.webhooks.generateTestHeaderString({
  payload: fs.readFileSync(f, 'utf8'),
  secret,
  timestamp,
}));
process.stdout.write(lines.join('\n') + '\n');
