// Browser end-to-end test of the search page, driven through Debian's chromium.
//
//   node tests/e2e/search_page.mjs http://127.0.0.1:PORT     (or POLICY_SEARCH_URL=…)
//
// Expects a server on an index built from index_data/samples (.ci/web-e2e.sh
// sets that up). Searches 新质生产力, checks a report hit shows its heading
// path, filters on the 湖北 facet, checks every result is from 湖北, copies
// citations (one with a path), opens a speaker's page, walks back/forward,
// draws the trend chart of two terms and follows one of its points, checks
// error display, and saves screenshots under target/ (the chart's in
// tests/e2e/trend_chart.png, for the README).
// Ends with "N passed, N failed" and exits non-zero on any failure.

import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const targetDir = resolve(here, '..', '..', 'target');
const base = (process.argv[2] || process.env.POLICY_SEARCH_URL || '').replace(/\/$/, '');
if (!base) {
  console.error('usage: node search_page.mjs http://127.0.0.1:PORT (or set POLICY_SEARCH_URL)');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT = 15_000;

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`);
  }
}

const userDataDir = mkdtempSync(join(tmpdir(), 'policy-search-e2e-'));
mkdirSync(targetDir, { recursive: true });
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timeout: 60_000,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));

  // -- the overview
  await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  await page.locator('.numbers').waitFor();
  check('overview shows index totals', (await page.locator('.number').count()) === 4);
  await page.screenshot({ path: join(targetDir, 'web-e2e-home.png'), fullPage: false });

  // -- search 新质生产力 from the search box
  await page.fill('#q', '新质生产力');
  await page.press('#q', 'Enter');
  await page.waitForURL(/[?&]q=/);
  await page.locator('li.hit').first().waitFor();
  const total = Number(await page.locator('#total').textContent());
  check('search finds passages', total > 0, `total ${total}`);
  check('URL carries the query', new URL(page.url()).searchParams.get('q') === '新质生产力', page.url());
  check('snippets are highlighted', (await page.locator('li.hit mark').count()) > 0);
  const markText = await page.locator('li.hit mark').first().textContent();
  check('highlight covers the query', markText === '新质生产力', `mark text ${markText}`);
  // the heading path of a report's passage under its title (三、… › （二）…)
  const paths = await page.locator('li.hit .path').allTextContents();
  check('a report hit shows its heading path', paths.some((p) => /^[一二三四五六七八九十]+、.+ › （[一二三四五六七八九十]+）/.test(p)), JSON.stringify(paths));
  check('bar charts drawn', (await page.locator('.charts .hbar .fill').count()) > 0 && (await page.locator('.charts .vbar .col').count()) > 0);

  // -- the 湖北 facet
  const hubei = page.locator('a[data-facet="province"][data-value="湖北"]');
  check('湖北 facet offered', (await hubei.count()) === 1);
  await hubei.click();
  await page.waitForURL((url) => url.searchParams.getAll('province').includes('湖北'));
  await page.locator('.chip', { hasText: '湖北' }).waitFor();
  await page.locator('li.hit').first().waitFor();
  const provinces = await page.locator('li.hit').evaluateAll((items) => items.map((li) => li.dataset.province));
  check('at least one 湖北 result', provinces.length > 0);
  check('every result is 湖北', provinces.every((p) => p === '湖北'), JSON.stringify(provinces));
  const filteredTotal = Number(await page.locator('#total').textContent());
  check('filter narrows the total', filteredTotal > 0 && filteredTotal < total, `${filteredTotal} of ${total}`);
  check('facet marked as selected', (await page.locator('a.on[data-facet="province"][data-value="湖北"]').count()) === 1);
  await page.screenshot({ path: join(targetDir, 'web-e2e.png'), fullPage: false });

  // -- copy a citation of a passage
  await page.locator('li.hit button.copy').first().click();
  await page.locator('#toast:not([hidden])').waitFor();
  const passageCitation = await page.evaluate(() => navigator.clipboard.readText());
  check('passage citation copied', passageCitation.includes('新质生产力') && passageCitation.includes('《'), passageCitation);

  // -- the citation of a passage with a heading path cites the path
  const pathHit = page.locator('li.hit', { has: page.locator('.path') }).first();
  check('a 湖北 hit with a heading path', (await pathHit.count()) === 1);
  const hitPath = await pathHit.locator('.path').textContent();
  await pathHit.locator('button.copy').click();
  let pathCitation = '';
  for (let tries = 0; tries < 50 && !pathCitation.includes(hitPath); tries++) {
    await page.waitForTimeout(100);
    pathCitation = await page.evaluate(() => navigator.clipboard.readText());
  }
  check('passage citation cites title, path and date', /》 .+ › /.test(pathCitation) && pathCitation.includes(hitPath) && /\d{4}-\d{2}-\d{2}/.test(pathCitation), pathCitation);

  // -- back and forward restore the state from the URL
  await page.goBack();
  await page.waitForURL((url) => url.searchParams.getAll('province').length === 0);
  await page.waitForFunction((n) => document.querySelector('#total')?.textContent === String(n), total);
  check('back restores the unfiltered search', true);
  await page.goForward();
  await page.waitForURL((url) => url.searchParams.getAll('province').includes('湖北'));
  await page.waitForFunction((n) => document.querySelector('#total')?.textContent === String(n), filteredTotal);
  check('forward restores the 湖北 filter', true);

  // -- a delegate's page, from a speaker link in the results
  const speaker = page.locator('li.hit a.speaker-link', { hasText: '马新强' }).first();
  check('speaker link shown in a 湖北 result', (await speaker.count()) === 1);
  await speaker.click();
  await page.waitForURL((url) => url.searchParams.get('speaker') === '马新强' && !url.searchParams.get('q'));
  await page.locator('#speaker-name').waitFor();
  check('speaker page titled', (await page.locator('#speaker-name').textContent()) === '马新强');
  await page.locator('li.quote').first().waitFor();
  const who = await page.locator('li.quote .who').allTextContents();
  check('speaker page lists their quotes', who.length > 0 && who.every((name) => name === '马新强'), JSON.stringify(who));
  await page.locator('li.quote button.copy').first().click();
  await page.locator('#toast:not([hidden])').waitFor();
  const quoteCitation = await page.evaluate(() => navigator.clipboard.readText());
  check(
    'quote citation names speaker, article and quote',
    quoteCitation.includes('马新强') && quoteCitation.includes('《2024全国两会特别策划') && quoteCitation.includes('华工科技'),
    quoteCitation,
  );
  await page.screenshot({ path: join(targetDir, 'web-e2e-speaker.png'), fullPage: false });

  // -- the article a quote comes from, scrolled to its passage
  await page.locator('li.quote .meta a').first().click();
  await page.waitForURL((url) => url.searchParams.has('article'));
  await page.locator('.article .passage.focus').waitFor();
  check('article opens at the quoted passage', (await page.locator('.article .passage.focus').textContent()).includes('华工科技'));

  // -- the trend chart: two terms added from the search box, a point opens its period
  await page.goto(base + '/?q=' + encodeURIComponent('新质生产力'), { waitUntil: 'domcontentloaded' });
  await page.locator('#add-trend').click();
  await page.waitForURL((url) => url.searchParams.getAll('t').includes('新质生产力'));
  await page.locator('#trend svg.trend-svg').waitFor();
  check('trend chart drawn for the first term', (await page.locator('#trend polyline.line').count()) === 1);
  await page.fill('#q', '共同富裕');
  await page.press('#q', 'Enter');
  await page.waitForURL((url) => url.searchParams.get('q') === '共同富裕');
  await page.locator('#add-trend').click();
  await page.waitForURL((url) => url.searchParams.getAll('t').length === 2);
  await page.waitForFunction(() => document.querySelectorAll('#trend polyline.line').length === 2);
  const legend = await page.locator('#trend .legend li').allTextContents();
  check('trend legend names both terms', legend.length === 2 && legend[0].includes('新质生产力') && legend[1].includes('共同富裕'), JSON.stringify(legend));
  const periods = await page.locator('#trend .axis').allTextContents();
  check('trend axis shows the years', ['2024', '2026'].every((year) => periods.includes(year)), JSON.stringify(periods));
  const points = await page.locator('#trend a.point').evaluateAll((links) => links.map((a) => ({
    query: a.dataset.query, period: a.dataset.period, count: Number(a.dataset.count), href: a.getAttribute('href'),
  })));
  const perTerm = points.filter((p) => p.query === '新质生产力').length;
  check('one point per period and term', perTerm > 0 && points.length === 2 * perTerm, JSON.stringify(points));
  const busiest = points.filter((p) => p.query === '新质生产力').sort((a, b) => b.count - a.count)[0];
  const pointUrl = new URL(busiest.href, base);
  check('a point links to its period', pointUrl.searchParams.get('from') === busiest.period && pointUrl.searchParams.get('to') === busiest.period && pointUrl.searchParams.get('q') === '新质生产力', busiest.href);
  await page.screenshot({ path: join(here, 'trend_chart.png'), clip: await page.locator('#trend').boundingBox() });
  await page.locator(`#trend a.point[data-query="新质生产力"][data-period="${busiest.period}"]`).click();
  await page.waitForURL((url) => url.searchParams.get('from') === busiest.period && url.searchParams.get('q') === '新质生产力');
  await page.waitForFunction((n) => document.querySelector('#total')?.textContent === String(n), busiest.count);
  check('the period search counts what the point shows', true);
  check('the chart stays over all periods', (await page.locator('#trend a.point').count()) === points.length);

  // -- a bad query shows the API's message, and markup in a query stays text
  await page.goto(base + '/?q=' + encodeURIComponent('"未闭合'), { waitUntil: 'domcontentloaded' });
  await page.locator('.error').waitFor();
  check('query error shown', (await page.locator('.error').textContent()).includes('unclosed quote'));
  await page.goto(base + '/?q=' + encodeURIComponent('<img src=x onerror=alert(1)> 新质生产力'), { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.querySelector('#total, .error') !== null);
  check('markup in a query is not rendered', (await page.locator('#content img').count()) === 0);

  const expectedErrors = problems.filter((p) => !/status of 400/.test(p));
  check('no script errors or failed requests', expectedErrors.length === 0, expectedErrors.join('; '));
} catch (error) {
  check('browser run', false, error.stack || String(error));
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}

console.log(`screenshots: ${join(targetDir, 'web-e2e.png')} (also web-e2e-home.png, web-e2e-speaker.png)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
