// kotani-hub operations console: draws each page from the JSON under /console/api and refreshes it by polling.
// Plain DOM, no framework and nothing fetched from elsewhere; text is always set as text (never parsed as HTML).
(function () {
  'use strict';

  var body = document.body;
  var page = body.dataset.page;
  var pageId = body.dataset.id;
  var refreshMs = parseInt(body.dataset.refreshMs, 10) || 2000;
  var main = document.getElementById('main');

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined) return;
        if (k === 'text') el.textContent = v;
        else if (k === 'class') el.className = v;
        else if (k === 'onclick') el.addEventListener('click', v);
        else el.setAttribute(k, v);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x) el.appendChild(x); });
      else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  function api(path, options) {
    return fetch('/console/api' + path, Object.assign({ credentials: 'same-origin', cache: 'no-store',
      headers: { 'Accept': 'application/json' } }, options || {})).then(function (r) {
      if (r.status === 401) { window.location.href = '/console/login'; throw new Error('signed out'); }
      return r.json().then(function (json) { return { status: r.status, json: json }; });
    });
  }

  function stamp() {
    document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
  }

  function time(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }
  function status(s) { return h('span', { class: 'status ' + (s || ''), text: s || '—' }); }
  function card(label, value, id) {
    return h('div', { class: 'card' }, h('div', { class: 'label', text: label }),
      h('div', { class: 'figure', id: id, text: String(value) }));
  }
  function table(headers, rows, attrs) {
    return h('table', attrs || {}, h('thead', null, h('tr', null, headers.map(function (x) {
      return h('th', { text: x });
    }))), h('tbody', null, rows));
  }
  function countTable(title, counts, id) {
    var keys = Object.keys(counts || {});
    return h('div', { class: 'card' }, h('h2', { text: title }), keys.length === 0 ? h('p', { class: 'muted', text: 'None today.' })
      : table(['', 'count'], keys.map(function (k) {
        return h('tr', null, h('td', null, status(k)), h('td', { class: 'num', text: String(counts[k]) }));
      }), { id: id }));
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min';
    return (seconds / 3600).toFixed(1) + ' h';
  }
  function bar(b) {
    var fill = h('div', { class: 'fill' });
    fill.style.width = b.percent + '%';
    return h('div', { class: 'bar' + (b.final ? ' final' : ''), role: 'progressbar', 'aria-valuemin': '0',
      'aria-valuemax': '100', 'aria-valuenow': String(b.percent), 'data-done': String(b.done),
      'data-total': String(b.totalRows), id: 'progress-' + b.id },
      fill, h('span', { class: 'text', text: b.done + ' / ' + b.totalRows + ' · ' + b.percent + '%' }));
  }
  // Redraws only when the data changed, so that links and buttons stay put between refreshes.
  var lastDrawn = null;
  function changed(data) {
    var text = JSON.stringify(data);
    if (text === lastDrawn) { stamp(); return false; }
    lastDrawn = text;
    return true;
  }
  function render(nodes, into) {
    var target = into || main;
    target.replaceChildren.apply(target, nodes.filter(function (n) { return n; }));
    stamp();
  }
  function poll(load, stillRunning) {
    var timer = null;
    function tick() {
      load().then(function (keepGoing) {
        if (stillRunning === undefined || keepGoing) timer = setTimeout(tick, refreshMs);
      }).catch(function () { timer = setTimeout(tick, refreshMs * 2); });
    }
    tick();
  }

  // ------------------------------------------------------------------------------------------------ pages

  var pages = {};

  pages.overview = function () {
    poll(function () {
      return api('/overview').then(function (r) {
        var o = r.json;
        var figures = Object.assign({}, o, { at: null });
        if (!changed(figures)) return true;
        render([
          h('h1', { text: 'Overview' }),
          h('div', { class: 'cards' },
            card('Payments today', o.payments.total, 'payments-today'),
            card('Final in the last minute', o.throughput.finalLastMinute, 'final-last-minute'),
            card('Final per minute (5 min)', o.throughput.finalPerMinuteLast5, 'final-per-minute'),
            card('Kotani calls today', o.kotani.calls, 'kotani-calls'),
            card('Kotani errors', o.kotani.errors, 'kotani-errors'),
            card('Kotani 429s', o.kotani.rateLimited, 'kotani-429'),
            card('Outbox backlog', o.outbox.backlog, 'outbox-backlog'),
            card('Dead deliveries', o.outbox.dead, 'outbox-dead'),
            card('Batches running', o.batchesRunning, 'batches-running')),
          h('div', { class: 'grid2' },
            countTable('Payments today by status', o.payments.byStatus, 'by-status'),
            countTable('Payments today by type', o.payments.byType, 'by-type')),
          h('div', { class: 'grid2' },
            countTable('Kotani calls today by outcome', o.kotani.byOutcome, 'by-outcome'),
            h('div', { class: 'card' }, h('h2', { text: 'Kotani and webhooks' }), h('dl', { class: 'facts' },
              h('dt', { text: 'Average latency' }), h('dd', { text: o.kotani.averageLatencyMs === null ? '—' : o.kotani.averageLatencyMs + ' ms' }),
              h('dt', { text: 'Received in the last minute' }), h('dd', { text: String(o.throughput.receivedLastMinute) }),
              h('dt', { text: 'Kotani webhooks to apply' }), h('dd', { text: String(o.outbox.webhooksToApply) })))),
          (o.eventEndpoints || []).length === 0 ? null : h('div', { class: 'card' }, h('h2', { text: 'Event endpoints' }),
            table(['endpoint', 'backlog', 'failed attempts', 'last error'], o.eventEndpoints.map(function (e) {
              return h('tr', null, h('td', { text: e.endpoint }), h('td', { class: 'num', text: String(e.backlog) }),
                h('td', { class: 'num', text: String(e.attempts) }), h('td', { text: e.lastError || '—' }));
            }), { id: 'event-endpoints' }))
        ]);
        return true;
      });
    });
  };

  pages.batches = function () {
    poll(function () {
      return api('/batches').then(function (r) {
        var list = r.json.batches;
        if (!changed(list)) return true;
        render([h('h1', { text: 'Batches' }), list.length === 0 ? h('p', { class: 'muted', text: 'No batch yet.' })
          : table(['batch', 'source', 'status', 'progress', 'failures', 'time left', 'received'], list.map(function (b) {
            return h('tr', { 'data-batch': b.id },
              h('td', null, h('a', { href: '/console/batches/' + encodeURIComponent(b.id), text: b.name || b.id })),
              h('td', { text: b.source }), h('td', null, status(b.status)), h('td', null, bar(b)),
              h('td', { class: 'num', text: String(b.failures) }),
              h('td', { text: b.final ? 'done' : duration(b.etaSeconds) }), h('td', { text: time(b.createdAt) }));
          }), { id: 'batches' })]);
        return true;
      });
    });
  };

  pages.batch = function () {
    var id = encodeURIComponent(pageId);
    poll(function () {
      return api('/batches/' + id).then(function (r) {
        if (r.status === 404) { render([h('h1', { text: 'Batch' }), h('p', { class: 'notice', text: r.json.detail })]); return false; }
        var b = r.json;
        if (!changed(b)) return !b.final;
        render([
          h('h1', { text: 'Batch ' + (b.name || b.id) }),
          h('div', { class: 'cards' },
            h('div', { class: 'card wide' }, h('div', { class: 'label', text: 'Progress' }), bar(b)),
            card('Status', b.status, 'batch-status'),
            card('Rows', b.totalRows, 'batch-total'),
            card('Failures', b.failures, 'batch-failures'),
            card('Duplicates', b.duplicateRows, 'batch-duplicates'),
            card('Time left', b.final ? 'done' : duration(b.etaSeconds), 'batch-eta')),
          h('p', { class: 'downloads' },
            h('a', { href: '/console/api/batches/' + id + '/validation.csv', id: 'validation-csv', text: 'Validation report (CSV)' }),
            h('a', { href: '/console/api/batches/' + id + '/result.csv', id: 'result-csv', text: 'Result (CSV)' }),
            h('span', { class: 'muted', text: b.source + ' batch ' + b.id + ', received ' + time(b.createdAt) })),
          table(['row', 'reference', 'status', 'amount', 'Kotani id', 'error'], b.rows.map(function (row) {
            return h('tr', { 'data-row': String(row.row) }, h('td', { class: 'num', text: String(row.row) }),
              h('td', null, row.paid ? h('a', { href: '/console/payments?reference=' + encodeURIComponent(row.reference),
                text: row.reference }) : h('span', { text: row.reference || '—' })),
              h('td', null, status(row.status)), h('td', { class: 'num', text: (row.amount || '') + ' ' + (row.currency || '') }),
              h('td', { text: row.kotaniId || '' }), h('td', { text: [row.errorCode, row.error].filter(Boolean).join(': ') }));
          }), { id: 'rows' }),
          b.nextAfterRow ? h('p', { class: 'muted', text: 'First ' + b.rows.length + ' rows shown; the result CSV has them all.' }) : null
        ]);
        return !b.final;
      });
    }, true);
  };

  pages.payment = function () {
    var form = h('form', { class: 'search', id: 'search' },
      h('input', { type: 'text', name: 'reference', id: 'reference', placeholder: 'payment reference', value: pageId || '' }),
      h('button', { type: 'submit', id: 'find', text: 'Find' }));
    form.setAttribute('action', '/console/payments');
    form.setAttribute('method', 'get');
    var heading = h('h1', { text: 'Payment search' });
    var results = h('div', { id: 'results' });
    render([heading, form, results]);
    if (!pageId) { return; }
    poll(function () {
      return api('/payments/' + encodeURIComponent(pageId)).then(function (r) {
        if (r.status === 404) { render([h('p', { class: 'notice', id: 'not-found', text: r.json.detail })], results); return false; }
        var p = r.json.payment;
        var terminal = ['SUCCESSFUL', 'FAILED', 'CANCELLED', 'EXPIRED', 'REVERSED', 'REFUND_FAILED'].indexOf(p.status) >= 0;
        if (!changed(r.json)) return !terminal;
        heading.textContent = 'Payment ' + p.reference;
        var facts = [['Reference', p.reference], ['Status', p.status], ['Kotani status', p.kotaniStatus], ['Kotani id', p.kotaniId],
          ['Type', p.type + ' / ' + p.method], ['Amount', p.amount + ' ' + p.currency], ['Fee', p.fee],
          ['Recipient', Object.keys(p.recipient).map(function (k) { return k + ': ' + p.recipient[k]; }).join(', ')],
          ['Source', p.source], ['Attempts', p.attempts], ['Error', [p.errorCode, p.error].filter(Boolean).join(': ')]];
        var batch = p.batchId ? h('a', { href: '/console/batches/' + encodeURIComponent(p.batchId), text: 'batch ' + p.batchId + ', row ' + p.batchRow }) : null;
        render([
          h('div', { class: 'card', id: 'payment' }, h('dl', { class: 'facts' }, facts.map(function (f) {
            return [h('dt', { text: f[0] }), h('dd', { text: f[1] === null || f[1] === undefined || f[1] === '' ? '—' : String(f[1]) })];
          }).reduce(function (a, b) { return a.concat(b); }, []), batch ? h('dt', { text: 'Batch' }) : null, batch ? h('dd', null, batch) : null)),
          h('h2', { text: 'Timeline', style: null }),
          table(['at', 'what', '', 'detail'], r.json.timeline.map(function (e) {
            return h('tr', { class: 'tone-row', 'data-kind': e.kind }, h('td', { text: time(e.at) }),
              h('td', { class: 'kind', text: e.kind }), h('td', null, h('span', { class: 'tone-' + e.tone, text: e.title })),
              h('td', { text: e.detail }));
          }), { id: 'timeline', class: 'timeline' })
        ], results);
        return !terminal;
      });
    }, true);
  };

  pages.deliveries = function () {
    var replayed = {};
    function row(d) {
      var stateCell = h('td', { class: 'state' }, status(d.state));
      var button = h('button', { type: 'button', class: 'replay', 'data-id': String(d.id), text: 'Replay' });
      if (d.state !== 'DEAD') button.disabled = true;
      button.addEventListener('click', function () {
        button.disabled = true;
        api('/deliveries/' + d.id + '/replay', { method: 'POST' }).then(function (r) {
          if (r.status !== 202) { stateCell.replaceChildren(status(r.json.detail || 'refused')); return; }
          replayed[d.id] = r.json;
          stateCell.replaceChildren(status(r.json.state));
          follow(d.id);
        });
      });
      return h('tr', { 'data-delivery': String(d.id) }, h('td', { class: 'num', text: String(d.id) }),
        h('td', null, h('a', { href: '/console/payments?reference=' + encodeURIComponent(d.reference), text: d.reference })),
        h('td', { text: d.targetUrl }), h('td', { class: 'num', text: String(d.attempts) }),
        h('td', { text: [d.lastStatus, d.lastError].filter(function (x) { return x !== null && x !== undefined; }).join(' ') }),
        h('td', { text: time(d.createdAt) }), stateCell, h('td', null, button));
    }
    function follow(id) {
      api('/deliveries/' + id).then(function (r) {
        replayed[id] = r.json;
        var cell = main.querySelector('tr[data-delivery="' + id + '"] td.state');
        if (cell) cell.replaceChildren(status(r.json.state));
        if (r.json.state === 'PENDING') setTimeout(function () { follow(id); }, refreshMs);
      });
    }
    function load() {
      return api('/deliveries?state=DEAD').then(function (r) {
        var list = r.json.deliveries.filter(function (d) { return !replayed[d.id]; });
        Object.keys(replayed).forEach(function (id) { list.unshift(replayed[id]); });
        list.sort(function (a, b) { return b.id - a.id; });
        if (!changed(list)) return true;
        render([h('h1', { text: 'Dead deliveries' }),
          h('p', { class: 'muted', text: 'ERP webhooks whose every scheduled attempt failed. Replay puts one back in the outbox with a fresh retry schedule.' }),
          list.length === 0 ? h('p', { class: 'muted', id: 'no-dead', text: 'No dead delivery.' })
            : table(['id', 'reference', 'target', 'attempts', 'last answer', 'created', 'state', ''], list.map(row), { id: 'deliveries' })]);
        return true;
      });
    }
    poll(load);
  };

  pages.bridge = function () {
    poll(function () {
      return api('/bridge').then(function (r) {
        if (!r.json.available) {
          render([h('h1', { text: 'Crypto bridge' }), h('p', { class: 'notice', id: 'bridge-unavailable',
            text: 'The crypto-bridge flow is not available in this hub: no transfers to show.' })]);
          return false;
        }
        var list = r.json.transfers;
        if (!changed(list)) return true;
        render([h('h1', { text: 'Crypto bridge' }), list.length === 0 ? h('p', { class: 'muted', text: 'No transfer yet.' })
          : table(['transfer', 'reference', 'status', 'send', 'receive', 'refund', 'stages', 'updated'], list.map(function (t) {
            return h('tr', { 'data-transfer': t.id }, h('td', { text: t.id }), h('td', { text: t.reference || '—' }),
              h('td', null, status(t.status)), h('td', { class: 'num', text: (t.sendAmount || '') + ' ' + (t.sendCurrency || '') }),
              h('td', { class: 'num', text: (t.receiveAmount || '') + ' ' + (t.receiveCurrency || '') }),
              h('td', null, t.refundState ? status(t.refundState) : h('span', { class: 'muted', text: 'none' })),
              h('td', null, h('ol', null, (t.stages || []).map(function (s) {
                return h('li', null, h('span', { text: s.name + ' ' }), status(s.status),
                  h('span', { class: 'muted', text: ' ' + time(s.at) + (s.detail ? ' · ' + s.detail : '') }));
              }))), h('td', { text: time(t.updatedAt) }));
          }), { id: 'transfers' })]);
        return true;
      });
    });
  };

  document.querySelectorAll('header nav a').forEach(function (a) {
    if (a.dataset.nav.split(' ').indexOf(page) >= 0) a.classList.add('active');
  });
  (pages[page] || pages.overview)();
})();
