// Loads subledgerd's dashboard in Debian's headless Chromium (over the
// DevTools protocol with playwright-core; no browser download) and reports
// what a person would see, as one JSON object on stdout:
//
//   node load_dashboard.js --url http://127.0.0.1:PORT/ --out DIR
//
// For the desktop (1280 px) and a phone (390 px) it records every request,
// failed request, HTTP error, console error and page error, saves a
// full-page screenshot (DIR/dashboard-desktop.png, DIR/dashboard-phone.png),
// and measures: figures on the page, charts drawn with a size, horizontal
// overflow. It prints the page to DIR/dashboard.pdf (the print stylesheet).
// Exit 0 when it could look at the page (the caller judges the findings);
// 1 when the browser could not be driven.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function executable() {
  if (process.env.SUBLEDGER_CHROMIUM) return process.env.SUBLEDGER_CHROMIUM;
  // Debian's /usr/bin/chromium is a wrapper script around this binary.
  return fs.existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';
}

async function look(context, url, viewport, shot) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const seen = { requests: [], failed: [], httpErrors: [], consoleErrors: [], pageErrors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('requestfailed', (r) => seen.failed.push(`${r.url()}: ${r.failure() && r.failure().errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) seen.httpErrors.push(`${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') seen.consoleErrors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  const response = await page.goto(url, { waitUntil: 'load' });
  seen.status = response ? response.status() : 0;
  Object.assign(seen, await page.evaluate(() => ({
    title: document.title,
    figures: document.querySelectorAll('[data-figure]').length,
    charts: document.querySelectorAll('svg.chart').length,
    chartsWithSize: [...document.querySelectorAll('svg.chart')]
      .filter((s) => s.getBoundingClientRect().width > 200 && s.getBoundingClientRect().height > 80).length,
    overflowX: document.documentElement.scrollWidth > window.innerWidth,
    mrrTile: (document.querySelector('.tile [data-figure="mrr"]') || {}).innerText || null,
  })));
  await page.screenshot({ path: shot, fullPage: true });
  seen.screenshot = shot;
  return { page, seen };
}

async function main() {
  const url = arg('--url');
  const out = arg('--out');
  fs.mkdirSync(out, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'subledger-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable(), headless: true, args: CHROMIUM_FLAGS,
  });
  try {
    const desktop = await look(context, url, { width: 1280, height: 900 }, path.join(out, 'dashboard-desktop.png'));
    const phone = await look(context, url, { width: 390, height: 844 }, path.join(out, 'dashboard-phone.png'));
    const pdf = path.join(out, 'dashboard.pdf');
    await desktop.page.emulateMedia({ media: 'print' });
    await desktop.page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const pdfPages = (fs.readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    process.stdout.write(JSON.stringify({ desktop: desktop.seen, phone: phone.seen, pdf, pdfPages }) + '\n');
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`load_dashboard: ${e && e.stack || e}\n`);
  process.exit(1);
});
