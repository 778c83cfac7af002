// policy-search: the search page. No framework; the URL's query string is the
// whole state, so links, reloads and back/forward work.
//
//   /?q=…&province=…&speaker=…&role=…&from=…&to=…&sort=date&page=2   search
//   …&t=新质生产力&t=共同富裕&by=month                                  with a trend chart of up to five terms
//   /?speaker=马新强&page=2                                            a speaker's quotes
//   /?article=ID&p=13                                                  one article
//   /                                                                  overview
//
// Every piece of text from the index goes into the page through text nodes
// (never innerHTML), so it cannot inject markup.
'use strict';

(function () {
  const PAGE_SIZE = 10;
  const QUOTES_PAGE_SIZE = 20;
  const MAX_TREND_TERMS = 5;
  const ROLE_LABEL = { '全国人大代表': '全国人大代表', '全国政协委员': '全国政协委员', other: '其他' };

  const $ = (id) => document.getElementById(id);
  const content = $('content');
  const sidebar = $('facets');
  const layout = document.querySelector('.layout');
  let generation = 0; // ignores answers to superseded requests

  // ------------------------------------------------------------ DOM helpers

  /** el('a', {href: '…', class: 'x'}, 'text', child, …) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'style') node.style.cssText = value; // CSSOM: allowed by the page's CSP
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Text with `<mark>`ed character ranges ([start, end) in Unicode scalars). */
  function highlighted(text, ranges) {
    const chars = Array.from(text || '');
    const fragment = document.createDocumentFragment();
    const sorted = (ranges || []).slice().sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [rawStart, rawEnd] of sorted) {
      const start = Math.max(at, Math.min(rawStart, chars.length));
      const end = Math.max(start, Math.min(rawEnd, chars.length));
      if (start > at) fragment.append(chars.slice(at, start).join(''));
      if (end > start) fragment.append(el('mark', {}, chars.slice(start, end).join('')));
      at = end;
    }
    if (at < chars.length) fragment.append(chars.slice(at).join(''));
    return fragment;
  }

  function clear(node) {
    node.replaceChildren();
  }

  function toast(message) {
    const box = $('toast');
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 2200);
  }

  // ------------------------------------------------------------ state ⇄ URL

  function readState() {
    const p = new URLSearchParams(location.search);
    const provinces = p.getAll('province').flatMap((v) => v.split(/[,，]/)).map((v) => v.trim()).filter(Boolean);
    const page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
    return {
      q: (p.get('q') || '').trim(),
      provinces,
      speaker: (p.get('speaker') || '').trim(),
      role: (p.get('role') || '').trim(),
      from: (p.get('from') || '').trim(),
      to: (p.get('to') || '').trim(),
      sort: p.get('sort') === 'date' ? 'date' : 'relevance',
      page,
      article: (p.get('article') || '').trim(),
      passage: (p.get('p') || '').trim(),
      trend: [...new Set(p.getAll('t').map((t) => t.trim()).filter(Boolean))].slice(0, MAX_TREND_TERMS),
      by: p.get('by') === 'month' ? 'month' : 'year',
    };
  }

  /** The page URL of a state (only the fields that are set). */
  function href(state) {
    const p = new URLSearchParams();
    if (state.article) {
      p.set('article', state.article);
      if (state.passage) p.set('p', state.passage);
      return '?' + p.toString();
    }
    if (state.q) p.set('q', state.q);
    for (const province of state.provinces || []) p.append('province', province);
    if (state.speaker) p.set('speaker', state.speaker);
    if (state.role) p.set('role', state.role);
    if (state.from) p.set('from', state.from);
    if (state.to) p.set('to', state.to);
    if (state.sort === 'date') p.set('sort', 'date');
    if (state.page > 1) p.set('page', String(state.page));
    for (const term of state.trend || []) p.append('t', term);
    if ((state.trend || []).length && state.by === 'month') p.set('by', 'month');
    const query = p.toString();
    return query ? '?' + query : '/';
  }

  /** The current state changed by `changes`; any filter change goes back to page 1. */
  function withChanges(state, changes) {
    return Object.assign({}, state, { page: 1, article: '', passage: '' }, changes);
  }

  function navLink(state, attrs, ...children) {
    return el('a', Object.assign({ href: href(state), 'data-nav': true }, attrs || {}), ...children);
  }

  function go(url) {
    history.pushState(null, '', url);
    window.scrollTo(0, 0);
    render();
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-nav]');
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(link.getAttribute('href'));
  });

  window.addEventListener('popstate', render);

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = $('q').value.trim();
    const state = readState();
    if (!q) {
      go(href(withChanges(state, { q: '', provinces: [], speaker: '', role: '', from: '', to: '', trend: [] })));
      return;
    }
    // a new query keeps the filters of a search, not those of another view
    const base = state.q ? state : { provinces: [], speaker: '', role: '', from: '', to: '', sort: 'relevance', trend: state.trend, by: state.by };
    go(href(withChanges(base, { q })));
  });

  // ------------------------------------------------------------ API

  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
      else if (value !== '' && value !== null && value !== undefined) query.set(key, String(value));
    }
    const url = path + (query.toString() ? '?' + query.toString() : '');
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      throw new Error(`服务器返回了无法解析的内容（HTTP ${response.status}）`);
    }
    if (!response.ok) throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    return body;
  }

  function filterParams(state) {
    return { province: state.provinces, speaker: state.speaker, role: state.role, from: state.from, to: state.to };
  }

  // ------------------------------------------------------------ citations

  /** `url` when it is an absolute http(s) URL, else null: a `javascript:`,
   *  `data:` or other URL from the data never becomes a link. */
  function webUrl(url) {
    if (!url) return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  /** The link to an article's original page, or null without a web URL. */
  function originalLink(url) {
    const href = webUrl(url);
    return href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, '原文链接 ↗') : null;
  }

  function outlet(url, source) {
    const href = webUrl(url);
    if (href) return new URL(href).hostname;
    return (source || '').split(/[\\/]/).pop() || '来源不详';
  }

  function citeTail(title, date, url, source, path) {
    const where = (path || []).length ? ' ' + path.join(' › ') : '';
    const parts = [`《${title || '无题'}》${where}`, outlet(url, source), date || '日期不详'];
    return '——' + parts.join('，') + (url ? `，${url}` : '');
  }

  function quoteCitation(q) {
    const who = [q.role && q.role !== 'other' ? q.role : '', ...(q.titles || [])].filter(Boolean).join('、');
    return `${who}${q.speaker}${q.cue && q.cue !== '“”' && q.cue !== '提案' ? q.cue : ''}：“${q.text}”\n`
      + citeTail(q.article_title, q.date, q.url, q.source);
  }

  function passageCitation(text, meta) {
    const speakers = (meta.speakers || []).length ? `（发言人：${meta.speakers.join('、')}）` : '';
    return `“${text}”${speakers}\n` + citeTail(meta.title, meta.date, meta.url, meta.source, meta.path);
  }

  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        toast('已复制引用');
        return;
      }
    } catch (_) { /* permission refused: try the old way */ }
    const area = el('textarea', { readonly: true, style: 'position:fixed;top:-1000px;opacity:0' });
    area.value = text;
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (_) {
      copied = false;
    }
    area.remove();
    if (copied) toast('已复制引用');
    else window.prompt('无法自动复制，请手动复制：', text);
  }

  function copyButton(makeText) {
    return el('button', { type: 'button', class: 'btn copy', onclick: () => copyText(makeText()) }, '复制引用');
  }

  // ------------------------------------------------------------ pieces

  function roleBadge(role) {
    if (!role) return null;
    const kind = role === '全国政协委员' ? 'cppcc' : role === 'other' ? 'other' : 'npc';
    return el('span', { class: 'role ' + kind }, ROLE_LABEL[role] || role);
  }

  function speakerLink(name) {
    return navLink({ speaker: name }, { class: 'speaker-link' }, name);
  }

  function pager(state, total, pageSize) {
    const pages = Math.ceil(total / pageSize);
    if (pages <= 1) return null;
    const nav = el('nav', { class: 'pager', 'aria-label': '分页' });
    const page = Math.min(state.page, pages);
    const link = (n, label, attrs) => navLink(Object.assign({}, state, { page: n }), attrs, label);
    if (page > 1) nav.append(link(page - 1, '‹ 上一页', { rel: 'prev' }));
    const shown = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2]);
    let last = 0;
    for (let n = 1; n <= pages; n++) {
      if (!shown.has(n)) continue;
      if (n > last + 1) nav.append(el('span', { class: 'gap' }, '…'));
      nav.append(n === page ? el('span', { class: 'on', 'aria-current': 'page' }, n) : link(n, String(n)));
      last = n;
    }
    if (page < pages) nav.append(link(page + 1, '下一页 ›', { rel: 'next' }));
    return nav;
  }

  function errorBox(error) {
    return el('p', { class: 'error', role: 'alert' }, '出错了：', error.message || String(error));
  }

  function yearOf(state) {
    return state.from && state.from === state.to && /^\d{4}$/.test(state.from) ? state.from : '';
  }

  // ------------------------------------------------------------ facets and charts

  const FACETS = [
    ['province', '省份'],
    ['speaker', '发言人'],
    ['role', '身份'],
    ['year', '年份'],
  ];

  /** The state after clicking facet value `value`: toggles it. */
  function facetToggle(state, facet, value) {
    switch (facet) {
      case 'province': {
        const on = state.provinces.includes(value);
        const provinces = on ? state.provinces.filter((p) => p !== value) : state.provinces.concat([value]);
        return { on, next: withChanges(state, { provinces }) };
      }
      case 'speaker': {
        const on = state.speaker === value;
        return { on, next: withChanges(state, { speaker: on ? '' : value }) };
      }
      case 'role': {
        const on = state.role === value;
        return { on, next: withChanges(state, { role: on ? '' : value }) };
      }
      default: {
        const on = yearOf(state) === value;
        return { on, next: withChanges(state, { from: on ? '' : value, to: on ? '' : value }) };
      }
    }
  }

  function renderFacets(state, facets) {
    clear(sidebar);
    if (!facets) return;
    for (const [facet, label] of FACETS) {
      let values = facets[facet] || [];
      if (facet === 'year') values = values.slice().sort((a, b) => b[0].localeCompare(a[0]));
      if (!values.length) continue;
      const max = Math.max(...values.map((v) => v[1]));
      const limit = facet === 'speaker' ? 15 : 40;
      const list = el('ul');
      for (const [value, count] of values.slice(0, limit)) {
        const { on, next } = facetToggle(state, facet, value);
        list.append(el('li', {},
          navLink(next, { class: on ? 'on' : null, 'data-facet': facet, 'data-value': value, title: on ? '取消筛选' : '只看' + value },
            el('i', { class: 'fill', style: `width:${Math.round((count / max) * 100)}%` }),
            el('span', { class: 'name' }, (on ? '✓ ' : '') + (facet === 'role' ? ROLE_LABEL[value] || value : value)),
            el('span', { class: 'count' }, count))));
      }
      const section = el('section', { class: 'facet', 'data-facet': facet }, el('h2', {}, label), list);
      if (values.length > limit) section.append(el('p', { class: 'more' }, `另有 ${values.length - limit} 项`));
      sidebar.append(section);
    }
  }

  /** Horizontal CSS bars, one row per value. `link(value)` gives the state a click goes to (or null). */
  function barChart(title, values, link) {
    const box = el('figure', { class: 'chart' }, el('h3', {}, title));
    if (!values.length) {
      box.append(el('p', { class: 'empty' }, '无数据'));
      return box;
    }
    const max = Math.max(...values.map((v) => v[1]));
    const rows = el('div', { class: 'hbars', role: 'list' });
    for (const [value, count] of values) {
      const parts = [
        el('span', { class: 'label' }, value),
        el('span', { class: 'track' }, el('span', { class: 'fill', style: `width:${Math.max(1, (count / max) * 100)}%` })),
        el('span', { class: 'count' }, count),
      ];
      const attrs = { class: 'hbar', role: 'listitem', 'data-value': value, title: `${value}：${count}` };
      rows.append(link ? navLink(link(value), attrs, parts) : el('div', attrs, parts));
    }
    box.append(rows);
    return box;
  }

  /** Vertical CSS columns, oldest first. */
  function columnChart(title, values, link) {
    const box = el('figure', { class: 'chart' }, el('h3', {}, title));
    if (!values.length) {
      box.append(el('p', { class: 'empty' }, '无日期信息'));
      return box;
    }
    const sorted = values.slice().sort((a, b) => a[0].localeCompare(b[0]));
    const max = Math.max(...sorted.map((v) => v[1]));
    const columns = el('div', { class: 'vbars', role: 'list' });
    for (const [value, count] of sorted) {
      const parts = [
        el('span', { class: 'area' },
          el('span', { class: 'count' }, count),
          el('span', { class: 'col', style: `height:${Math.max(2, (count / max) * 100)}%` })),
        el('span', { class: 'label' }, value),
      ];
      const attrs = { class: 'vbar', role: 'listitem', 'data-value': value, title: `${value} 年：${count}` };
      columns.append(link ? navLink(link(value), attrs, parts) : el('div', attrs, parts));
    }
    box.append(columns);
    return box;
  }

  function charts(state, facets) {
    const provinces = (facets.province || []).slice(0, 10);
    return el('div', { class: 'charts' },
      barChart('各省份匹配段落', provinces, (v) => facetToggle(state, 'province', v).next),
      columnChart('各年份匹配段落', facets.year || [], (v) => facetToggle(state, 'year', v).next));
  }

  function chips(state) {
    const list = [];
    const chip = (label, next) => el('span', { class: 'chip' }, label,
      navLink(next, { 'aria-label': '移除筛选 ' + label, title: '移除' }, '×'));
    for (const province of state.provinces) {
      list.push(chip('省份：' + province, withChanges(state, { provinces: state.provinces.filter((p) => p !== province) })));
    }
    if (state.speaker) list.push(chip('发言人：' + state.speaker, withChanges(state, { speaker: '' })));
    if (state.role) list.push(chip('身份：' + (ROLE_LABEL[state.role] || state.role), withChanges(state, { role: '' })));
    if (state.from || state.to) {
      const label = yearOf(state) ? yearOf(state) + ' 年' : `${state.from || '…'} 至 ${state.to || '…'}`;
      list.push(chip('时间：' + label, withChanges(state, { from: '', to: '' })));
    }
    return list.length ? el('div', { class: 'chips' }, list) : null;
  }

  // ------------------------------------------------------------ trend chart

  const SVG_NS = 'http://www.w3.org/2000/svg';

  /** svg('line', {x1: …}, child, …): an SVG element; text children become text nodes. */
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(key, value === true ? '' : String(value));
    }
    return append(node, children);
  }

  /** The trend terms of `state` with `term` added (the oldest dropped past five). */
  function withTrendTerm(state, term) {
    const terms = state.trend.filter((t) => t !== term).concat([term]).slice(-MAX_TREND_TERMS);
    return Object.assign({}, state, { trend: terms });
  }

  /** The search for `term` narrowed to one period of the chart. */
  function periodSearch(state, term, period) {
    return withChanges(state, { q: term, from: period, to: period });
  }

  /**
   * A line chart (inline SVG, no library) of matching passages per period for
   * each term; every point is a link to the search narrowed to its period.
   */
  function trendChart(state, trend) {
    const box = el('figure', { class: 'chart trend', id: 'trend' });
    const byLinks = el('span', { class: 'by' },
      navLink(Object.assign({}, state, { by: 'year' }), { class: state.by === 'year' ? 'on' : null }, '按年'),
      navLink(Object.assign({}, state, { by: 'month' }), { class: state.by === 'month' ? 'on' : null }, '按月'));
    box.append(el('h3', {}, '趋势：各时期匹配段落', byLinks));
    const periods = trend.periods;
    if (!periods.length) {
      box.append(el('p', { class: 'empty' }, '没有带日期的匹配段落'));
    } else {
      const W = 720, H = 240, left = 48, right = 16, top = 14, bottom = 30;
      const n = periods.length;
      const max = Math.max(1, ...trend.series.flatMap((s) => s.passages));
      const x = (i) => left + (n === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (n - 1));
      const y = (v) => top + (H - top - bottom) * (1 - v / max);
      const chart = svg('svg', {
        viewBox: `0 0 ${W} ${H}`, class: 'trend-svg', role: 'img',
        'aria-label': `趋势图：${trend.series.map((s) => s.query).join('、')}`,
      });
      for (const v of [...new Set([0, Math.round(max / 2), max])]) {
        chart.append(svg('line', { class: 'grid', x1: left, x2: W - right, y1: y(v), y2: y(v) }));
        chart.append(svg('text', { class: 'axis', x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, v));
      }
      const step = Math.ceil(n / 12);
      periods.forEach((period, i) => {
        if (i % step === 0 || i === n - 1) {
          chart.append(svg('text', { class: 'axis', x: x(i), y: H - 8, 'text-anchor': 'middle' }, period));
        }
      });
      const selected = state.from && state.from === state.to ? state.from : '';
      trend.series.forEach((series, k) => {
        const points = series.passages.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
        chart.append(svg('polyline', { class: `line s${k}`, points }));
        series.passages.forEach((v, i) => {
          const on = selected === periods[i] && state.q === series.query;
          chart.append(svg('a', {
            href: href(periodSearch(state, series.query, periods[i])), 'data-nav': true,
            class: on ? 'point on' : 'point', 'data-query': series.query, 'data-period': periods[i], 'data-count': v,
          }, svg('circle', { class: `dot s${k}`, cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: on ? 6 : 4 },
            svg('title', {}, `${series.query} · ${periods[i]}：${v} 段（${series.articles[i]} 篇）`))));
        });
      });
      box.append(chart);
    }
    box.append(el('ul', { class: 'legend' }, trend.series.map((series, k) => el('li', { class: 'term' },
      el('span', { class: `swatch s${k}` }), series.query, el('small', {}, ` ${series.total} 段`),
      navLink(Object.assign({}, state, { trend: state.trend.filter((t) => t !== series.query) }),
        { class: 'remove', 'aria-label': '从趋势图移除 ' + series.query, title: '移除' }, '×')))));
    return box;
  }

  /** The trend of `state`'s terms, over all periods (its date filter narrows the hits, not the chart). */
  function fetchTrend(state) {
    if (!state.trend.length) return Promise.resolve(null);
    return api('/api/trend', {
      q: state.trend, by: state.by, province: state.provinces, speaker: state.speaker, role: state.role,
    });
  }

  async function trendView(state, token) {
    layout.classList.add('wide');
    clear(sidebar);
    document.title = `趋势 · 政策检索`;
    const trend = await fetchTrend(state);
    if (token !== generation) return;
    content.replaceChildren(...[chips(state), trendChart(state, trend)].filter(Boolean));
  }

  // ------------------------------------------------------------ views

  function hitCard(hit, state) {
    const snippetIsWhole = hit.snippet === hit.text;
    const snippet = el('p', { class: 'snippet' },
      !snippetIsWhole && !hit.text.startsWith(hit.snippet) ? '…' : '',
      highlighted(hit.snippet, hit.snippet_highlights),
      !snippetIsWhole && !hit.text.endsWith(hit.snippet) ? '…' : '');
    const passageOrdinal = (hit.passage_id.split('#')[1] || '');
    const actions = el('div', { class: 'actions' },
      copyButton(() => passageCitation(hit.text, hit)));
    if (!snippetIsWhole) {
      let expanded = false;
      const toggle = el('button', { type: 'button', class: 'btn' }, '展开全段');
      toggle.addEventListener('click', () => {
        expanded = !expanded;
        snippet.replaceChildren(expanded ? highlighted(hit.text, hit.highlights) : highlighted(hit.snippet, hit.snippet_highlights));
        toggle.textContent = expanded ? '收起' : '展开全段';
      });
      actions.append(toggle);
    }
    actions.append(navLink({ article: hit.article_id, passage: passageOrdinal }, {}, '查看全文'));
    const original = originalLink(hit.url);
    if (original) actions.append(original);
    // a passage may be about several provinces: its article's first, then those it names
    const provinces = Array.isArray(hit.province) ? hit.province : (hit.province ? [hit.province] : []);
    return el('li', { class: 'hit', 'data-province': provinces.join(' ') },
      el('h3', {}, navLink({ article: hit.article_id, passage: passageOrdinal }, {}, hit.title || '无题')),
      (hit.path || []).length ? el('div', { class: 'meta path' }, hit.path.join(' › ')) : null,
      el('div', { class: 'meta' },
        hit.date ? el('span', {}, hit.date) : null,
        provinces.map((p) => el('span', { class: 'tag province' }, p)),
        hit.section && !provinces.includes(hit.section) ? el('span', { class: 'tag' }, hit.section) : null,
        hit.similar ? el('span', {}, `另有 ${hit.similar} 处相同段落`) : null),
      hit.lead ? el('p', { class: 'meta lead' }, hit.lead) : null,
      snippet,
      hit.speakers.length ? el('div', { class: 'speakers' }, '发言人：', hit.speakers.map(speakerLink)) : null,
      actions);
  }

  async function searchView(state, token) {
    layout.classList.remove('wide');
    document.title = `${state.q} · 政策检索`;
    const [results, trend] = await Promise.all([
      api('/api/search', Object.assign(filterParams(state), {
        q: state.q, limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE, facets: 'true',
        sort: state.sort === 'date' ? 'date' : '',
      })),
      fetchTrend(state),
    ]);
    if (token !== generation) return;
    renderFacets(state, results.facets);
    const first = (state.page - 1) * PAGE_SIZE + 1;
    const summary = el('div', { class: 'summary' },
      el('span', {}, results.total_exact === false ? '约 ' : '共 ', el('strong', { id: 'total' }, results.total), ' 段匹配'),
      results.hits.length ? el('span', {}, `第 ${first}–${first + results.hits.length - 1} 条`) : null,
      el('span', { class: 'sort' }, '排序：',
        navLink(withChanges(state, { sort: 'relevance' }), { class: state.sort !== 'date' ? 'on' : null }, '相关度'),
        navLink(withChanges(state, { sort: 'date' }), { class: state.sort === 'date' ? 'on' : null }, '日期')),
      state.trend.includes(state.q) ? null
        : navLink(withTrendTerm(state, state.q), { class: 'add-trend', id: 'add-trend' }, '＋加入趋势图'));
    const nodes = [summary, chips(state)];
    if (trend) nodes.push(trendChart(state, trend));
    if (results.facets && results.total) nodes.push(charts(state, results.facets));
    if (!results.hits.length) {
      nodes.push(el('p', { class: 'none' }, results.total ? '这一页没有结果。' : '没有找到匹配的段落。试试更少的词，或去掉筛选条件。'));
    } else {
      nodes.push(el('ol', { class: 'hits', start: first }, results.hits.map((hit) => hitCard(hit, state))));
    }
    nodes.push(pager(state, results.total, PAGE_SIZE));
    content.replaceChildren(...nodes.filter(Boolean));
  }

  function quoteCard(q) {
    return el('li', { class: 'quote' },
      el('div', {},
        navLink({ speaker: q.speaker }, { class: 'who' }, q.speaker), roleBadge(q.role),
        q.titles.length ? el('span', { class: 'meta', style: 'display:inline' }, '　' + q.titles.join('、')) : null),
      el('blockquote', {}, '“', highlighted(q.text, q.highlights), '”'),
      el('div', { class: 'meta' },
        navLink({ article: q.article_id, passage: (q.passage_id || '').split('#')[1] || '' }, {}, '《' + (q.article_title || '无题') + '》'),
        q.date ? el('span', {}, q.date) : null,
        q.province ? el('span', { class: 'tag province' }, q.province) : null),
      el('div', { class: 'actions' },
        copyButton(() => quoteCitation(q)),
        originalLink(q.url)));
  }

  async function speakerView(state, token) {
    layout.classList.add('wide');
    clear(sidebar);
    document.title = `${state.speaker} · 发言 · 政策检索`;
    const results = await api('/api/quotes', Object.assign(filterParams(state), {
      limit: QUOTES_PAGE_SIZE, offset: (state.page - 1) * QUOTES_PAGE_SIZE,
    }));
    if (token !== generation) return;
    const first = results.hits[0];
    const titles = [...new Set(results.hits.flatMap((q) => q.titles))];
    const provinces = [...new Set(results.hits.map((q) => q.province).filter(Boolean))];
    const header = el('div', { class: 'panel' },
      el('div', { class: 'person' },
        el('h1', { id: 'speaker-name' }, state.speaker),
        first ? roleBadge(first.role) : null,
        provinces.map((p) => navLink({ q: state.speaker, provinces: [p] }, { class: 'tag province', title: `检索${p}提及${state.speaker}的段落` }, p))),
      titles.length ? el('p', { class: 'titles' }, titles.join('；')) : null,
      el('p', { class: 'meta' },
        `共 ${results.total} 条引语`,
        navLink({ q: state.speaker }, {}, `检索提及“${state.speaker}”的段落`)));
    const nodes = [navLink({}, { class: 'back' }, '← 返回首页'), header, chips(Object.assign({}, state, { speaker: '' }))];
    if (!results.hits.length) nodes.push(el('p', { class: 'none' }, '没有找到这位发言人的引语。'));
    else nodes.push(el('ol', { class: 'hits quotes' }, results.hits.map(quoteCard)));
    nodes.push(pager(state, results.total, QUOTES_PAGE_SIZE));
    content.replaceChildren(...nodes.filter(Boolean));
  }

  async function articleView(state, token) {
    layout.classList.add('wide');
    clear(sidebar);
    const article = await api('/api/articles/' + encodeURIComponent(state.article));
    if (token !== generation) return;
    document.title = `${article.title} · 政策检索`;
    const box = el('article', { class: 'panel article' },
      el('h1', {}, article.title || '无题'),
      el('div', { class: 'meta' },
        article.date ? el('span', {}, article.date) : null,
        article.province ? el('span', { class: 'tag province' }, article.province) : null,
        el('span', {}, outlet(article.url, article.source)),
        originalLink(article.url)));
    let section = null;
    let path = [];
    let focus = null;
    for (const passage of article.passages) {
      if (passage.section && passage.section !== section) {
        box.append(el('h2', { class: 'section' }, passage.section));
      }
      section = passage.section;
      // the headings this passage enters, but those its text opens with (第三十九条 …)
      const entered = (passage.path || []).findIndex((heading, i) => heading !== path[i]);
      if (entered >= 0) {
        passage.path.slice(entered).filter((heading) => !passage.text.startsWith(heading.replace(/…$/, '')))
          .forEach((heading) => box.append(el('h2', { class: 'section' }, heading)));
      }
      path = passage.path || [];
      const ordinal = passage.passage_id.split('#')[1] || '';
      const node = el('div', { class: 'passage', id: 'p' + ordinal },
        el('p', { class: 'passage-text' }, passage.text),
        el('div', { class: 'actions' },
          passage.speakers.length ? el('span', { class: 'speakers' }, '发言人：', passage.speakers.map(speakerLink)) : null,
          copyButton(() => passageCitation(passage.text, Object.assign({}, article, { speakers: passage.speakers, path: passage.path })))));
      if (ordinal && ordinal === state.passage) {
        node.classList.add('focus');
        focus = node;
      }
      box.append(node);
    }
    const back = el('a', { href: '#', class: 'back', onclick: (e) => { e.preventDefault(); history.back(); } }, '← 返回');
    content.replaceChildren(back, box);
    if (focus) focus.scrollIntoView({ block: 'center' });
  }

  async function homeView(token) {
    layout.classList.add('wide');
    clear(sidebar);
    document.title = '政策检索 · policy-search';
    const [stats, speakers] = await Promise.all([api('/api/stats'), api('/api/speakers')]);
    if (token !== generation) return;
    const number = (value, label) => el('div', { class: 'number' }, el('b', {}, value), el('span', {}, label));
    const examples = ['新质生产力', '"人工智能" 制造业', '低空经济 OR 商业航天', '乡村振兴 -旅游'];
    content.replaceChildren(el('div', { class: 'home' },
      el('h1', {}, '检索政策报道与政府工作报告'),
      el('p', { class: 'lead examples' }, '试试：', examples.map((q) => navLink({ q }, {}, q))),
      el('div', { class: 'numbers' },
        number(stats.articles, '篇文章'), number(stats.passages, '个段落'),
        number(stats.quotes, '条引语'), number(stats.speakers, '位发言人')),
      el('div', { class: 'charts' },
        barChart('各省份段落数', stats.passages_per_province.slice(0, 12), null),
        el('figure', { class: 'chart' }, el('h3', {}, '发言人（引语数）'),
          el('div', { class: 'people' }, speakers.speakers.slice(0, 40).map((s) =>
            navLink({ speaker: s.speaker }, { title: [ROLE_LABEL[s.role] || s.role, ...s.titles].join(' · ') },
              s.speaker, el('small', {}, s.quotes))))))));
  }

  async function render() {
    const token = ++generation;
    const state = readState();
    $('q').value = state.q;
    content.replaceChildren(el('p', { class: 'loading' }, '检索中…'));
    try {
      if (state.article) await articleView(state, token);
      else if (state.q) await searchView(state, token);
      else if (state.trend.length) await trendView(state, token);
      else if (state.speaker) await speakerView(state, token);
      else await homeView(token);
    } catch (error) {
      if (token !== generation) return;
      clear(sidebar);
      content.replaceChildren(errorBox(error));
    }
  }

  render();
})();
