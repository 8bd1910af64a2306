/**
 * Browser code (plain JavaScript, shipped as text inside `/app.js`): DOM helpers and the
 * renderers of status, plan and runs. Text is only ever set through text nodes and attributes,
 * never parsed as HTML. Kept free of backticks so it can live in a template string.
 */
export const CLIENT_RENDER = String.raw`
  const SYMBOL = {
    create: '+', update: '~', delete: '\u2212', conflict: '!',
    ok: '\u2713', applied: '\u2713', 'nothing-to-do': '\u2713', success: '\u2713',
    refused: '\u2298', error: '\u2717', failed: '\u2717', partial: '\u26a0', stale: '\u27f3',
    skipped: '\u2013', noop: '=', running: '\u2026', interrupted: '\u26a0', never: '\u2013'
  };

  function byId(id) { return document.getElementById(id); }

  /** An element: props become attributes (className, text handled), children are nodes or text. */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'className') node.className = value;
      else if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    add(node, children);
    return node;
  }

  function add(node, children) {
    if (children === null || children === undefined || children === false) return;
    for (const child of Array.isArray(children) ? children : [children]) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'object' ? child : String(child));
    }
  }

  /** A status word with its symbol (so colour is never the only signal). */
  function badge(word, label) {
    const key = String(word || 'never');
    return el('span', { className: 'st-' + key }, [
      el('span', { 'aria-hidden': 'true', text: (SYMBOL[key] || '\u2022') + ' ' }),
      label || key
    ]);
  }

  function show(value) {
    if (value === undefined) return '(none)';
    const text = JSON.stringify(value);
    return text.length > 160 ? text.slice(0, 157) + '\u2026' : text;
  }

  function when(iso) {
    if (!iso) return el('span', { className: 'muted', text: 'never' });
    const date = new Date(iso);
    return el('time', { datetime: iso, title: iso, text: isNaN(date.getTime()) ? iso : date.toLocaleString() });
  }

  function table(caption, headers, rows, className) {
    return el('table', { className: className }, [
      el('caption', { text: caption }),
      el('thead', null, el('tr', null, headers.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, rows)
    ]);
  }

  function cell(content, className) { return el('td', { className: className }, content); }

  function sinkState(sink) {
    if (sink.consecutiveErrors > 0) return 'error';
    return sink.lastRun ? sink.lastRun.status : 'never';
  }

  function stateLabel(sink) {
    const state = sinkState(sink);
    if (state === 'never') return 'never run';
    if (state === 'skipped' && sink.mode !== 'apply') return 'not applied (mode ' + sink.mode + ')';
    return state;
  }

  function renderStatus(status) {
    const target = byId('status');
    byId('instance').textContent = 'instance ' + status.instance +
      (status.draining ? ' \u00b7 shutting down' : status.ready ? ' \u00b7 ready' : ' \u00b7 starting') +
      ' \u00b7 ' + status.pendingEvents + ' pending event(s)';
    const rows = status.sinks.map((sink) => el('tr', { 'data-sink': sink.name }, [
      el('th', { scope: 'row', text: sink.name }),
      cell(sink.type),
      cell(sink.mode),
      cell(badge(sinkState(sink), stateLabel(sink))),
      cell(sink.lastRun ? [when(sink.lastRun.at), ' ', el('code', { text: sink.lastRun.id })] : when(null)),
      cell(when(sink.lastSuccessAt)),
      cell(sink.owned === null ? '\u2013' : sink.owned),
      cell(sink.pendingChanges === null ? '\u2013' : sink.pendingChanges),
      cell(sink.consecutiveErrors > 0
        ? [badge('error', sink.consecutiveErrors + ' in a row'), ': ', sink.lastError || '']
        : 'none')
    ]));
    target.replaceChildren(rows.length === 0
      ? el('p', { text: 'No sinks are configured.' })
      : table('Per sink: mode, status, last run, owned objects, pending changes, errors',
        ['Sink', 'Type', 'Mode', 'Status', 'Last run', 'Last success', 'Owned', 'Pending', 'Errors'], rows));
  }

  function specList(spec, kind) {
    const items = Object.keys(spec || {}).sort().map((field) =>
      el('li', null, [el('code', { text: field }), ' = ', el(kind, { text: show(spec[field]) })]));
    return items.length > 0 ? el('ul', { className: 'fields' }, items) : el('span', { className: 'muted', text: 'no fields' });
  }

  function changeDetails(change) {
    if (change.op === 'create') return specList(change.after, 'ins');
    if (change.op === 'delete') return specList(change.before, 'del');
    return el('ul', { className: 'fields' }, change.diff.map((d) => el('li', null, [
      el('code', { text: d.field }), ': ', el('del', { text: show(d.from) }),
      el('span', { 'aria-hidden': 'true', text: ' \u2192 ' }), el('span', { className: 'sr', text: ' becomes ' }),
      el('ins', { text: show(d.to) })
    ])));
  }

  function changeRow(change) {
    return el('tr', { className: 'op-' + change.op, 'data-op': change.op, 'data-key': change.key }, [
      cell(el('span', { className: 'op-' + change.op }, [el('span', { 'aria-hidden': 'true', text: SYMBOL[change.op] + ' ' }), change.op])),
      cell(change.kind),
      cell(change.key, 'key'),
      cell(changeDetails(change)),
      cell(change.source ? el('code', { text: change.source }) : el('span', { className: 'muted', text: 'none' })),
      cell(change.forced ? el('span', { className: 'forced' }, [el('span', { 'aria-hidden': 'true', text: '\u26a0 ' }), 'forced']) : 'no')
    ]);
  }

  function countsLine(counts) {
    return ['create', 'update', 'delete', 'conflict'].map((op) =>
      SYMBOL[op] + ' ' + (counts[op] || 0) + ' ' + op).join(', ');
  }

  function renderSinkPlan(sink) {
    const section = el('section', { className: 'panel', 'data-sink': sink.sink, 'aria-labelledby': 'plan-' + sink.sink });
    add(section, [
      el('h3', { id: 'plan-' + sink.sink }, [sink.sink + ' ', el('span', { className: 'muted', text: '(' + sink.type + ', mode ' + sink.mode + ')' })]),
      el('p', null, [badge(sink.status), ' \u00b7 ', countsLine(sink.counts), sink.owned !== undefined ? ' \u00b7 owns ' + sink.owned : ''])
    ]);
    if (sink.status === 'refused') add(section, el('p', { className: 'notice warn' }, ['Refused: ', sink.reason || 'no reason given', '. Nothing of this sink applies unless forced.']));
    if (sink.status === 'error') add(section, el('p', { className: 'notice bad' }, ['Error', sink.errorCode ? ' ' + sink.errorCode : '', ': ', sink.reason || 'unknown']));
    if (sink.mode === 'observe' && sink.changes.length > 0) add(section, el('p', { className: 'muted', text: 'Mode observe: these changes are shown only and never applied.' }));
    if (sink.changes.length > 0) {
      add(section, table('Changes of ' + sink.sink, ['Change', 'Kind', 'Key', 'Fields', 'Source', 'Forced'], sink.changes.map(changeRow)));
    } else if (sink.status !== 'error') {
      add(section, el('p', { className: 'muted', text: 'No changes.' }));
    }
    if (sink.conflicts && sink.conflicts.length > 0) {
      add(section, el('h4', { text: 'Conflicts (not changed)' }));
      add(section, el('ul', null, sink.conflicts.map((c) => el('li', { 'data-conflict': c.key }, [
        el('span', { 'aria-hidden': 'true', text: '! ' }), el('code', { text: c.key }), ': ', c.reason || '', c.source ? ' (' + c.source + ')' : ''
      ]))));
    }
    if (sink.skipped && sink.skipped.length > 0) {
      add(section, el('h4', { text: 'Skipped' }));
      add(section, el('ul', null, sink.skipped.map((s) => el('li', null, [el('code', { text: s.source || '' }), ': ', s.reason || '']))));
    }
    return section;
  }

  function renderPlan(plan) {
    const parts = [el('p', null, [
      'Plan ', el('code', { text: plan.id }), ', computed ', when(plan.createdAt), ', checksum ',
      el('code', { id: 'checksum', text: plan.checksum })
    ])];
    const total = plan.sinks.reduce((n, s) => n + s.changes.length, 0);
    if (total === 0) parts.push(el('p', { className: 'notice good', id: 'plan-empty' }, [el('span', { 'aria-hidden': 'true', text: '\u2713 ' }), 'Nothing to change: every sink follows NetBox.']));
    for (const sink of plan.sinks) parts.push(renderSinkPlan(sink));
    byId('plan').replaceChildren(...parts);
  }

  function runSinks(run) {
    const sinks = Array.isArray(run.summary && run.summary.sinks) ? run.summary.sinks : [];
    const items = sinks.map((s) => el('li', null, [s.sink + ': ', badge(s.status),
      typeof s.applied === 'number' ? ' (' + s.applied + ' applied, ' + s.failed + ' failed)' : '']));
    const error = run.summary && run.summary.error;
    if (error) items.push(el('li', null, [badge('error', error.code), ': ', error.message || '']));
    return items.length > 0 ? el('ul', { className: 'fields' }, items) : '\u2013';
  }

  function renderRuns(runs) {
    const rows = runs.map((run) => el('tr', { 'data-run': run.id }, [
      el('th', { scope: 'row' }, el('code', { text: run.id })),
      cell(run.trigger),
      cell(when(run.startedAt)),
      cell(badge(run.status)),
      cell(runSinks(run))
    ]));
    byId('runs').replaceChildren(rows.length === 0
      ? el('p', { className: 'muted', text: 'No runs yet.' })
      : table('The latest runs, newest first', ['Run', 'Trigger', 'Started', 'Status', 'Sinks'], rows));
  }

  function renderApplyResult(body) {
    const rows = body.sinks.map((s) => {
      const failed = s.outcomes.filter((o) => o.outcome === 'failed');
      const tally = ['applied', 'noop', 'failed', 'skipped'].map((k) =>
        s.outcomes.filter((o) => o.outcome === k).length + ' ' + k).join(', ');
      return el('tr', { 'data-sink': s.sink }, [
        el('th', { scope: 'row', text: s.sink }), cell(badge(s.status)), cell(tally),
        cell(failed.length > 0
          ? el('ul', { className: 'fields' }, failed.map((o) => el('li', null, [el('code', { text: o.key }), ': ', o.reason || o.errorCode || 'failed'])))
          : (s.reason || '\u2013'))
      ]);
    });
    return [
      el('p', { className: 'notice ' + (body.ok ? 'good' : 'bad'), id: 'apply-outcome' }, [
        el('span', { 'aria-hidden': 'true', text: body.ok ? '\u2713 ' : '\u2717 ' }),
        body.ok ? 'Applied. ' : 'Applied with problems. ', 'Run ', el('code', { text: body.run.id }), ' finished: ' + body.run.status + '.'
      ]),
      table('What the approval did, per sink', ['Sink', 'Status', 'Changes', 'Problems'], rows)
    ];
  }
`;
