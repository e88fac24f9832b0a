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
    var query = filterQuery(['status', 'source', 'from', 'to']);
    var form = filterForm('/console/batches', 'batch-filter', [
      ['status', 'Status', ['RECEIVED', 'VALIDATING', 'REJECTED', 'DISPATCHING', 'DISPATCHED', 'COMPLETED']],
      ['source', 'Source', ['FILE', 'API']], ['from', 'Received from', 'date'], ['to', 'to', 'date']]);
    poll(function () {
      return api('/batches' + query).then(function (r) {
        if (r.status !== 200) { render([h('h1', { text: 'Batches' }), form, h('p', { class: 'notice', id: 'filter-error', text: r.json.detail })]); return false; }
        var list = r.json.batches;
        if (!changed(list)) return true;
        render([h('h1', { text: 'Batches' }), form, list.length === 0 ? h('p', { class: 'muted', text: query ? 'No batch matches.' : 'No batch yet.' })
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

  // The Kotani bulk batches (§15) a batch's rows went in: one per chunk, with Kotani's own progress.
  function kotaniBatches(batchId, chunks) {
    if (chunks.length === 0) return null;
    return h('div', { class: 'kotani-batches' }, h('h2', { text: 'Kotani batches' }),
      table(['chunk', 'currency', 'rows', 'amount', 'Kotani batch', 'status', 'progress', 'file check', 'error'],
        chunks.map(function (c) {
          var done = (c.successful || 0) + (c.failed || 0);
          return h('tr', { 'data-chunk': String(c.chunk) }, h('td', { class: 'num', text: String(c.chunk) }),
            h('td', { text: c.currency }), h('td', { class: 'num', text: String(c.rows) }),
            h('td', { class: 'num', text: (c.totalAmount || '') + ' ' + c.currency }),
            h('td', { text: c.kotaniBatchId || '—' }),
            h('td', null, status(c.status), c.kotaniStatus ? h('span', { class: 'muted', text: ' Kotani: ' + c.kotaniStatus }) : null),
            h('td', null, bar({ id: batchId + '-chunk-' + c.chunk, percent: c.rows ? Math.floor(100 * done / c.rows) : 0,
              done: done, totalRows: c.rows, final: done === c.rows }),
              h('span', { class: 'muted', text: c.successful == null ? 'no progress from Kotani yet'
                : c.successful + ' successful, ' + c.failed + ' failed, ' + (c.pending || 0) + ' pending' })),
            h('td', { text: c.isDuplicate ? 'duplicate file' : (c.fileHash ? 'checked' : '') }),
            h('td', { text: c.error || '' }));
        }), { id: 'kotani-batches' }));
  }

  pages.batch = function () {
    var id = encodeURIComponent(pageId);
    var shown = new URLSearchParams(window.location.search).get('status') || '';
    var rowFilter = filterForm('/console/batches/' + id, 'row-filter', [['status', 'Rows', ['SUCCESSFUL', 'FAILED',
      'UNKNOWN', 'SUBMITTED', 'PROCESSING', 'RECEIVED', 'CANCELLED', 'EXPIRED', 'REVERSED', 'DUPLICATE', 'INVALID']]]);
    poll(function () {
      return api('/batches/' + id + (shown ? '?status=' + encodeURIComponent(shown) : '')).then(function (r) {
        if (r.status === 404) { render([h('h1', { text: 'Batch' }), h('p', { class: 'notice', text: r.json.detail })]); return false; }
        var b = r.json;
        // a Kotani batch can end after the rows' own webhooks: keep refreshing until Kotani says it is done too
        var more = !b.final || (b.kotaniBatches || []).some(function (c) { return c.status !== 'DONE' && c.status !== 'FAILED'; });
        if (!changed(b)) return more;
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
            h('a', { href: '/console/payments?batch=' + id + '&status=FAILED', id: 'batch-failed-list', text: 'Failed payments of this batch' }),
            h('span', { class: 'muted', text: b.source + ' batch ' + b.id + ', received ' + time(b.createdAt) })),
          kotaniBatches(b.id, b.kotaniBatches || []),
          rowFilter,
          table(['row', 'reference', 'status', 'amount', 'Kotani id', 'error'], b.rows.map(function (row) {
            return h('tr', { 'data-row': String(row.row) }, h('td', { class: 'num', text: String(row.row) }),
              h('td', null, row.paid ? h('a', { href: '/console/payments?reference=' + encodeURIComponent(row.reference),
                text: row.reference }) : h('span', { text: row.reference || '—' })),
              h('td', null, status(row.status)), h('td', { class: 'num', text: (row.amount || '') + ' ' + (row.currency || '') }),
              h('td', { text: row.kotaniId || '' }), h('td', { text: [row.errorCode, row.error].filter(Boolean).join(': ') }));
          }), { id: 'rows' }),
          b.nextAfterRow ? h('p', { class: 'muted', text: 'First ' + b.rows.length + ' rows shown; the result CSV has them all.' }) : null
        ]);
        return more;
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

  // ------------------------------------------------------------------------------- lists, failures and trends

  // The page's filter, as it stands in the URL: '?a=1&b=2' with only the given, non-empty parameters ('' when none).
  function filterQuery(names) {
    var from = new URLSearchParams(window.location.search);
    var to = new URLSearchParams();
    names.forEach(function (n) { var v = from.get(n); if (v) to.set(n, v); });
    var text = to.toString();
    return text ? '?' + text : '';
  }
  // A GET form that puts its fields in the page's URL: [name, label, options array | 'date' | 'text' (default)].
  function filterForm(action, id, fields) {
    var current = new URLSearchParams(window.location.search);
    var form = h('form', { class: 'filters', id: id, method: 'get', action: action },
      fields.map(function (f) {
        var value = current.get(f[0]) || '';
        var input;
        if (Array.isArray(f[2])) {
          input = h('select', { name: f[0], id: id + '-' + f[0] }, h('option', { value: '', text: 'any' }),
            f[2].map(function (o) { var opt = h('option', { value: o, text: o }); if (o === value) opt.selected = true; return opt; }));
        } else {
          input = h('input', { type: f[2] === 'date' ? 'date' : 'text', name: f[0], id: id + '-' + f[0], value: value,
            placeholder: f[3] || '' });
        }
        return h('label', null, h('span', { text: f[1] }), input);
      }),
      h('button', { type: 'submit', id: id + '-apply', text: 'Apply' }),
      h('a', { href: action, class: 'clear', text: 'Clear' }));
    return form;
  }
  function more(label, id, load) {
    var button = h('button', { type: 'button', id: id, class: 'more', text: label });
    button.addEventListener('click', function () { button.disabled = true; load(); });
    return button;
  }

  var PAYMENT_STATUSES = ['RECEIVED', 'SUBMITTING', 'SUBMITTED', 'PROCESSING', 'UNKNOWN', 'REFUND_PENDING', 'SUCCESSFUL',
    'FAILED', 'CANCELLED', 'EXPIRED', 'REVERSED', 'REFUND_FAILED'];
  var PAYMENT_FILTER = ['status', 'type', 'method', 'source', 'batch', 'currency', 'code', 'on', 'from', 'to', 'q'];

  pages.payments = function () {
    var query = filterQuery(PAYMENT_FILTER);
    var form = filterForm('/console/payments', 'filter', [['status', 'Status', PAYMENT_STATUSES],
      ['type', 'Type', ['PAYOUT', 'COLLECTION', 'ONRAMP', 'OFFRAMP']], ['method', 'Method', ['MOBILE_MONEY', 'BANK', 'PAYBILL', 'TILL']],
      ['source', 'Source', ['FILE', 'API', 'KAFKA', 'ROUTE']], ['batch', 'Batch', 'text', 'batch id'],
      ['currency', 'Currency', 'text', 'KES'], ['code', 'Error code', 'text', 'Kotani code'],
      ['on', 'Dates are', ['created', 'completed']], ['from', 'From', 'date'], ['to', 'To', 'date'],
      ['q', 'Reference starts with', 'text', 'prefix']]);
    var rows = h('tbody');
    var footer = h('div', { id: 'list-footer' });
    var count = 0;
    render([h('h1', { text: 'Payments' }), form,
      h('p', { class: 'downloads' }, h('a', { href: '/console/api/payments.csv' + query, id: 'export-csv', text: 'Export these payments (CSV)' }),
        h('span', { class: 'muted', text: 'Newest first. Numbers are masked as on screen.' })),
      h('table', { id: 'payments' }, h('thead', null, h('tr', null, ['created', 'reference', 'status', 'type', 'amount',
        'recipient', 'source', 'batch', 'error', 'completed'].map(function (x) { return h('th', { text: x }); }))), rows),
      footer]);
    function load(after) {
      var sep = query ? '&' : '?';
      return api('/payments' + query + (after ? sep + 'after=' + encodeURIComponent(after) : '')).then(function (r) {
        if (r.status !== 200) { footer.replaceChildren(h('p', { class: 'notice', id: 'filter-error', text: r.json.detail })); return; }
        r.json.rows.forEach(function (p) {
          count++;
          rows.appendChild(h('tr', { 'data-reference': p.reference, 'data-status': p.status },
            h('td', { text: time(p.createdAt) }),
            h('td', null, h('a', { href: '/console/payments?reference=' + encodeURIComponent(p.reference), text: p.reference })),
            h('td', null, status(p.status)), h('td', { text: p.type + ' ' + p.method }),
            h('td', { class: 'num', text: p.amount + ' ' + p.currency }),
            h('td', { text: Object.keys(p.recipient || {}).map(function (k) { return p.recipient[k]; }).join(' · ') }),
            h('td', { text: p.source }),
            h('td', null, p.batchId ? h('a', { href: '/console/batches/' + encodeURIComponent(p.batchId), text: p.batchId + ' #' + p.batchRow }) : null),
            h('td', { text: [p.errorCode, p.error].filter(Boolean).join(': ') }), h('td', { text: time(p.completedAt) })));
        });
        footer.replaceChildren(h('p', { class: 'muted', id: 'shown', text: count === 0 ? 'No payment matches.' : count + ' shown' }));
        if (r.json.next) footer.appendChild(more('Older payments', 'older', function () { load(r.json.next); }));
        stamp();
      });
    }
    load(null);
  };

  function windowLinks(path, current) {
    return h('p', { class: 'windows' }, ['hour', 'day', 'week'].map(function (w) {
      return h('a', { href: path + '?window=' + w, id: 'window-' + w, class: w === current ? 'active' : '', text: 'Last ' + w });
    }));
  }

  pages.failures = function () {
    var current = new URLSearchParams(window.location.search).get('window') || 'day';
    poll(function () {
      return api('/failures?window=' + encodeURIComponent(current)).then(function (r) {
        if (r.status !== 200) { render([h('h1', { text: 'Failures' }), h('p', { class: 'notice', text: r.json.detail })]); return false; }
        var f = r.json;
        if (!changed(f)) return true;
        render([h('h1', { text: 'Failures to act on' }), windowLinks('/console/failures', current),
          h('h2', { text: 'Failed payments by Kotani error code' }),
          f.groups.length === 0 ? h('p', { class: 'muted', id: 'no-failures', text: 'No failed payment in this window.' })
            : table(['error code', 'payments', 'last', ''], f.groups.map(function (g) {
              var link = '/console/payments?status=FAILED' + (g.code ? '&code=' + encodeURIComponent(g.code) : '')
                + '&on=completed&from=' + encodeURIComponent(f.from);
              return h('tr', { 'data-code': g.code || '' }, h('td', { text: g.code || '(no code)' }),
                h('td', { class: 'num', text: String(g.count) }), h('td', { text: time(g.lastAt) }),
                h('td', null, h('a', { href: link, class: 'show', text: 'Show payments' })));
            }), { id: 'failure-groups' }),
          h('h2', { text: 'Unknown outcome, awaiting reconciliation (' + f.unknownCount + ')' }),
          f.unknown.length === 0 ? h('p', { class: 'muted', id: 'no-unknown', text: 'No payment with an unknown outcome.' })
            : table(['reference', 'amount', 'waiting for', 'attempts', 'next check', 'last error'], f.unknown.map(function (u) {
              return h('tr', { 'data-reference': u.reference },
                h('td', null, h('a', { href: '/console/payments?reference=' + encodeURIComponent(u.reference), text: u.reference })),
                h('td', { class: 'num', text: u.amount + ' ' + u.currency }), h('td', { class: 'age', text: duration(u.ageSeconds) }),
                h('td', { class: 'num', text: String(u.attempts) }), h('td', { text: time(u.nextCheckAt) }), h('td', { text: u.error || '' }));
            }), { id: 'unknown' })]);
        return true;
      });
    });
  };

  // ---- charts: plain SVG drawn here, nothing fetched
  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, children) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) el.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c) el.appendChild(c); });
    return el;
  }
  function svgText(x, y, text, anchor) {
    var t = svg('text', { x: x, y: y, 'text-anchor': anchor || 'start', class: 'axis' });
    t.textContent = text;
    return t;
  }
  function clock(iso, bucketSeconds) {
    var d = new Date(iso);
    return bucketSeconds >= 3600 ? d.toLocaleDateString() + ' ' + d.getHours() + 'h' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  // series: [{ key, label, color }]; stacked bars or lines of the buckets' values.
  function chart(id, title, data, series, kind, unit) {
    var W = 560, H = 170, L = 64, B = 22, T = 8, R = 8;
    var buckets = data.buckets;
    var max = 0;
    buckets.forEach(function (b) {
      var sum = 0;
      series.forEach(function (s) { var v = b[s.key] || 0; sum = kind === 'bars' ? sum + v : Math.max(sum, v); });
      max = Math.max(max, sum);
    });
    var top = max <= 0 ? 1 : Math.pow(10, Math.floor(Math.log10(max))) * Math.ceil(max / Math.pow(10, Math.floor(Math.log10(max))));
    var step = (W - L - R) / buckets.length;
    function y(v) { return T + (H - T - B) * (1 - v / top); }
    var totals = {};
    series.forEach(function (s) { totals[s.key] = 0; });
    var shapes = [];
    if (kind === 'bars') {
      buckets.forEach(function (b, i) {
        var base = 0;
        series.forEach(function (s) {
          var v = b[s.key] || 0;
          totals[s.key] += v;
          if (v <= 0) return;
          var rect = svg('rect', { x: (L + i * step + 0.5).toFixed(1), y: y(base + v).toFixed(1), width: Math.max(1, step - 1).toFixed(1),
            height: (y(base) - y(base + v)).toFixed(1), fill: s.color, 'data-series': s.key, 'data-value': String(v), 'data-at': b.at },
            [svg('title')]);
          rect.firstChild.textContent = clock(b.at, data.bucketSeconds) + ' · ' + s.label + ': ' + v + (unit || '');
          shapes.push(rect);
          base += v;
        });
      });
    } else {
      series.forEach(function (s) {
        var points = [];
        buckets.forEach(function (b, i) {
          var v = b[s.key];
          if (v === null || v === undefined) return;
          totals[s.key] = Math.max(totals[s.key], v);
          points.push((L + i * step + step / 2).toFixed(1) + ',' + y(v).toFixed(1));
          var dot = svg('circle', { cx: (L + i * step + step / 2).toFixed(1), cy: y(v).toFixed(1), r: 2, fill: s.color,
            'data-series': s.key, 'data-value': String(v), 'data-at': b.at }, [svg('title')]);
          dot.firstChild.textContent = clock(b.at, data.bucketSeconds) + ' · ' + s.label + ': ' + v + (unit || '');
          shapes.push(dot);
        });
        if (points.length > 1) shapes.unshift(svg('polyline', { points: points.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 1.5 }));
      });
    }
    var attrs = { id: id, class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': title };
    series.forEach(function (s) { attrs['data-' + (kind === 'bars' ? 'total' : 'max') + '-' + s.key.toLowerCase()] = String(totals[s.key]); });
    var picture = svg('svg', attrs, [
      svg('line', { x1: L, y1: y(0), x2: W - R, y2: y(0), class: 'grid' }),
      svg('line', { x1: L, y1: y(top), x2: W - R, y2: y(top), class: 'grid' }),
      svgText(L - 4, y(top) + 4, String(top) + (unit || ''), 'end'), svgText(L - 4, y(0) + 4, '0', 'end'),
      svgText(L, H - 6, clock(buckets[0].at, data.bucketSeconds)),
      svgText(W - R, H - 6, clock(buckets[buckets.length - 1].at, data.bucketSeconds), 'end')].concat(shapes));
    return h('div', { class: 'card chart-card' }, h('h2', { text: title }), picture,
      h('p', { class: 'legend' }, series.map(function (s) {
        var swatch = h('span', { class: 'swatch' });
        swatch.style.background = s.color;
        return h('span', null, swatch, s.label + (kind === 'bars' ? ' ' + totals[s.key] : ''));
      })));
  }

  pages.trends = function () {
    var current = new URLSearchParams(window.location.search).get('window') || 'hour';
    var per = { hour: 'per minute', day: 'per 15 minutes', week: 'per 2 hours' }[current] || '';
    poll(function () {
      return api('/trends?window=' + encodeURIComponent(current)).then(function (r) {
        if (r.status !== 200) { render([h('h1', { text: 'Trends' }), h('p', { class: 'notice', text: r.json.detail })]); return false; }
        var t = r.json;
        if (!changed(t.buckets)) return true;
        render([h('h1', { text: 'Trends' }), windowLinks('/console/trends', current),
          h('div', { class: 'charts' },
            chart('chart-finished', 'Payments finished ' + per + ', by outcome', t, [
              { key: 'succeeded', label: 'succeeded', color: '#1a8a4a' }, { key: 'failed', label: 'failed', color: '#c62f2f' },
              { key: 'other', label: 'other', color: '#8a96a3' }], 'bars'),
            chart('chart-latency', 'Kotani call latency (ms)', t, [
              { key: 'latencyP50', label: 'p50', color: '#0f6fde' }, { key: 'latencyP95', label: 'p95', color: '#b7791f' }], 'lines', ' ms'),
            chart('chart-kotani-errors', 'Kotani errors and 429s ' + per, t, [
              { key: 'errors', label: 'errors', color: '#c62f2f' }, { key: 'rateLimited', label: '429s', color: '#b7791f' }], 'bars'),
            chart('chart-webhook-lag', 'Webhook lag, Kotani event → applied (ms)', t, [
              { key: 'lagP50Ms', label: 'p50', color: '#0f6fde' }, { key: 'lagP95Ms', label: 'p95', color: '#b7791f' }], 'lines', ' ms'),
            chart('chart-backlog', 'ERP outbox backlog', t, [{ key: 'backlog', label: 'pending deliveries', color: '#6b4fbb' }], 'lines'))]);
        return true;
      });
    });
  };

  document.querySelectorAll('header nav a').forEach(function (a) {
    if (a.dataset.nav.split(' ').indexOf(page) >= 0) a.classList.add('active');
  });
  (pages[page] || pages.overview)();
})();
