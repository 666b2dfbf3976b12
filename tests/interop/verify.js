#!/usr/bin/env node
// Asks Stripe's official Node SDK (stripe.webhooks.constructEvent, default
// tolerance) whether each Stripe-Signature header is valid for a payload.
// Prints one line per header, in argument order: "valid" or "invalid: why".
//
// Usage: node verify.js --secret whsec_... --payload FILE HEADER...
'use strict';

const fs = require('fs');
const Stripe = require('stripe');

function usage(msg) {
  process.stderr.write(`verify.js: ${msg}\n` +
    'usage: node verify.js --secret whsec_... --payload FILE HEADER...\n');
  process.exit(2);
}

let secret = null;
let payloadFile = null;
const headers = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--secret') {
    if (i + 1 >= argv.length) usage('--secret needs a value');
    secret = argv[++i];
  } else if (a === '--payload') {
    if (i + 1 >= argv.length) usage('--payload needs a value');
    payloadFile = argv[++i];
  } else if (a.startsWith('--')) {
    usage(`unknown option ${a}`);
  } else {
    headers.push(a);
  }
}
if (!secret || !payloadFile) usage('--secret and --payload are required');
if (headers.length === 0) usage('at least one HEADER is required');

const stripe = new Stripe('sk_test_interop_unused');
const payload = fs.readFileSync(payloadFile, 'utf8');
const lines = headers.map((header) => {
  try {
    stripe.webhooks.constructEvent(payload, header, secret);
    return 'valid';
  } catch (err) {
    return `invalid: ${String(err.message).split('\n')[0]}`;
  }
});
process.stdout.write(lines.join('\n') + '\n');
