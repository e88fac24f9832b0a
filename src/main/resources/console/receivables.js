// kotani-hub console, receivables page: every invoice with its payment link (or bank checkout / card deposit), its
// status, amount due, paid and outstanding, and its payments (each opening the payment timeline). Drawn from
// /console/api/receivables and refreshed by polling. Plain DOM; text is always set as text, never parsed as HTML.
(function () {
  'use strict';

  var main = document.getElementById('main');
  var refreshMs = 2000;
  var last = null;

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] === null || attrs[k] === undefined) return;
        if (k === 'text') el.textContent = attrs[k]; else el.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (Array.isArray(c)) c.forEach(function (x) { if (x) el.appendChild(x); });
      else if (c) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }
  function status(s) { return h('span', { class: 'status ' + (s || ''), text: s || '—' }); }
  function time(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }
  function money(v, c) { return v === null || v === undefined ? '—' : v + ' ' + c; }

  var shown = new URLSearchParams(window.location.search).get('status') || '';
  var filter = h('form', { class: 'filters', id: 'filters', method: 'get', action: '/console/receivables' },
    h('label', null, 'status', h('select', { name: 'status', id: 'status' }, ['', 'OPEN', 'PARTIALLY_PAID', 'PAID',
      'EXPIRED', 'DEACTIVATED', 'FAILED', 'REJECTED'].map(function (s) {
      var o = h('option', { value: s, text: s || 'all' });
      if (s === shown) o.selected = true;
      return o;
    }))), h('button', { type: 'submit', text: 'Show' }));

  function collection(inv) {
    if (inv.collection === 'BANK_CHECKOUT') return 'bank checkout';
    if (inv.collection === 'CARD_DEPOSIT') return 'card';
    return inv.usage ? 'link · ' + inv.usage.toLowerCase().replace('_', ' ') : 'link';
  }

  function where(inv) {
    if (inv.url) return h('a', { href: inv.url, rel: 'noreferrer', target: '_blank', text: inv.shortCode || 'open' });
    if (inv.bankAccount) return h('span', { text: inv.bankAccount });
    return h('span', { class: 'muted', text: inv.linkState === 'REJECTED' ? (inv.error || 'refused') : inv.linkState });
  }

  function payments(inv) {
    if (!inv.payments.length) return h('span', { class: 'muted', text: 'none yet' });
    return h('ul', { class: 'payments' }, inv.payments.map(function (p) {
      return h('li', { 'data-reference': p.reference },
        h('a', { href: '/console/payments?reference=' + encodeURIComponent(p.reference), text: p.reference }), ' ',
        status(p.status), ' ' + money(p.amount, inv.currency) + (p.fee ? ' (fee ' + p.fee + ')' : ''));
    }));
  }

  function draw(data) {
    var totals = data.totals.length ? h('div', { class: 'cards', id: 'totals' }, data.totals.map(function (t) {
      return h('div', { class: 'card', 'data-currency': t.currency },
        h('div', { class: 'label', text: t.currency + ' · ' + t.invoices + ' invoice(s)' }),
        h('div', { class: 'figure', text: t.outstanding }),
        h('div', { class: 'muted', text: 'outstanding · paid ' + t.paid + ' of ' + t.due }));
    })) : null;
    var rows = data.invoices.map(function (inv) {
      return h('tr', { 'data-reference': inv.reference, 'data-status': inv.status },
        h('td', { text: inv.reference }),
        h('td', { text: collection(inv) }),
        h('td', null, where(inv)),
        h('td', null, status(inv.status), inv.linkStatus ? h('div', { class: 'muted', text: 'Kotani ' + inv.linkStatus }) : null),
        h('td', { class: 'num', text: money(inv.amountDue, inv.currency) }),
        h('td', { class: 'num paid', text: money(inv.amountPaid, inv.currency) }),
        h('td', { class: 'num outstanding', text: money(inv.outstanding, inv.currency) }),
        h('td', null, payments(inv)),
        h('td', { text: time(inv.createdAt) }));
    });
    main.replaceChildren(h('h1', { text: 'Receivables' }), filter, totals,
      data.invoices.length
        ? h('table', { id: 'invoices' }, h('thead', null, h('tr', null, ['invoice', 'collected by', 'link / account',
          'status', 'due', 'paid', 'outstanding', 'payments', 'issued'].map(function (x) { return h('th', { text: x }); }))),
          h('tbody', null, rows))
        : h('p', { class: 'notice', id: 'no-invoices', text: 'No invoices' + (shown ? ' with status ' + shown : '') + '.' }));
    filter.querySelector('select').value = shown;
  }

  function tick() {
    fetch('/console/api/receivables' + (shown ? '?status=' + encodeURIComponent(shown) : ''),
      { credentials: 'same-origin', headers: { 'Accept': 'application/json' } }).then(function (r) {
      if (r.status === 401) { window.location.href = '/console/login?next=' + encodeURIComponent('/console/receivables'); return null; }
      return r.json();
    }).then(function (data) {
      if (!data) return;
      var text = JSON.stringify(data);
      if (text !== last) { last = text; draw(data); }
      document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      setTimeout(tick, refreshMs);
    }).catch(function () { setTimeout(tick, refreshMs * 2); });
  }
  tick();
})();
