// Tributary console: a small single-page front end over the service's own HTTP API.
// No framework, no build step, nothing loaded from elsewhere.
'use strict';

const view = document.getElementById('view');
let generation = 0;          // bumped on every navigation; loops of older views stop
let lagHistory = [];

function esc(v) {
  return String(v == null ? '' : v).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}
const enc = encodeURIComponent;

// Credentials: where the service authenticates, the user pastes an API key. It is kept in this
// tab's sessionStorage (gone when the tab closes, never in a URL, a cookie or a log) and sent
// as the X-Api-Key header the API takes. Being a header, not a cookie, no other site's page
// can make the browser send it.
const KEY_ITEM = 'tributary.apiKey';
function apiKey() { return sessionStorage.getItem(KEY_ITEM); }

async function api(method, path, body) {
  const init = {method, headers: {}, credentials: 'omit'};
  if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
  if (apiKey()) init.headers['X-Api-Key'] = apiKey();
  const r = await fetch(path, init);
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) {
    const e = new Error(json && json.detail ? json.detail + ' (' + json.errorCode + ')' : 'HTTP ' + r.status);
    e.problem = json;
    e.status = r.status;
    throw e;
  }
  return json;
}

function showCredentials() {
  const el = document.getElementById('credentials');
  if (apiKey()) {
    el.innerHTML = 'API key set · <a href="#" id="sign-out">forget it</a>';
    document.getElementById('sign-out').onclick = ev => {
      ev.preventDefault();
      sessionStorage.removeItem(KEY_ITEM);
      showCredentials();
      route();
    };
  } else {
    el.textContent = '';
  }
}

function signInView(problem) {
  view.innerHTML = `<h1>Sign in</h1>
    <p>This service authenticates its callers: ${problem ? esc(problem.detail) + ' (' + esc(problem.errorCode) + ')' : ''}</p>
    <p class="muted">Paste an API key (<code>trb_…</code>). The console keeps it in this browser tab only and sends
      it as the <code>X-Api-Key</code> header; closing the tab forgets it.</p>
    <form class="inline" id="sign-in-form" autocomplete="off">
      <input id="api-key" type="password" placeholder="trb_…" required size="50" autocomplete="off">
      <button id="sign-in">Use this key</button>
    </form>`;
  document.getElementById('sign-in-form').onsubmit = ev => {
    ev.preventDefault();
    sessionStorage.setItem(KEY_ITEM, document.getElementById('api-key').value.trim());
    showCredentials();
    route();
  };
}

function showError(e) {
  const box = document.getElementById('error');
  box.textContent = e.message || String(e);
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 6000);
}

function fmtBytes(n) {
  if (typeof n !== 'number') return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function fmtTime(ms) { return ms == null || ms < 0 ? '' : new Date(ms).toISOString().replace('T', ' ').replace('Z', ''); }

function pretty(value) {
  if (value == null) return '<span class="muted">null</span>';
  const t = String(value).trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try { return '<pre class="json">' + esc(JSON.stringify(JSON.parse(t), null, 2)) + '</pre>'; } catch (ignored) { /* not JSON */ }
  }
  return '<pre>' + esc(value) + '</pre>';
}

// ---------------------------------------------------------------- topics

async function topicsView() {
  const data = await api('GET', '/v1/topics');
  view.innerHTML = `<h1>Topics</h1>
    <form class="inline" id="create-form">
      <input id="topic-name" placeholder="name" required pattern="[a-zA-Z0-9._-]{1,249}">
      <input id="topic-partitions" type="number" min="1" value="1" class="narrow" title="partitions">
      <button id="create-topic">Create topic</button>
    </form>
    <table id="topics"><thead><tr><th>Topic</th><th class="num">Partitions</th></tr></thead><tbody>
    ${data.topics.map(t => `<tr><td><a href="#/topics/${enc(t.name)}">${esc(t.name)}</a></td>
      <td class="num">${t.partitions}</td></tr>`).join('') || '<tr><td colspan="2" class="muted">No topics yet.</td></tr>'}
    </tbody></table>`;
  document.getElementById('create-form').onsubmit = async ev => {
    ev.preventDefault();
    const name = document.getElementById('topic-name').value.trim();
    const partitions = parseInt(document.getElementById('topic-partitions').value, 10);
    try { await api('POST', '/v1/topics', {name, partitions}); location.hash = '#/topics/' + enc(name); } catch (e) { showError(e); }
  };
}

async function topicView(name) {
  const t = await api('GET', '/v1/topics/' + enc(name));
  const total = t.partitions.reduce((s, p) => s + (p.latestOffset - p.earliestOffset), 0);
  // Shown only where the service reports it.
  const sized = t.partitions.some(p => typeof p.sizeBytes === 'number');
  view.innerHTML = `<h1>Topic ${esc(t.name)} <span class="pill">${t.partitions.length} partitions</span>
      <span class="pill">${total} records</span></h1>
    <p class="muted">id ${esc(t.topicId)} · <a id="browse" href="#/topics/${enc(name)}/records">Browse records</a></p>
    <h2>Partitions</h2>
    <table id="partitions"><thead><tr><th>Partition</th><th class="num">Earliest offset</th><th class="num">Latest offset</th>
      <th class="num">Records</th>${sized ? '<th class="num">Size</th>' : ''}<th></th></tr></thead><tbody>
    ${t.partitions.map(p => `<tr><td>${p.partition}</td><td class="num">${p.earliestOffset}</td><td class="num">${p.latestOffset}</td>
      <td class="num">${p.latestOffset - p.earliestOffset}</td>
      ${sized ? `<td class="num size" title="${esc(p.sizeBytes)} bytes">${fmtBytes(p.sizeBytes)}</td>` : ''}
      <td><a href="#/topics/${enc(name)}/records?partition=${p.partition}">records</a></td></tr>`).join('')}
    </tbody></table>
    <h2>Configuration</h2>
    <table id="config"><tbody>${Object.entries(t.config || {}).map(([k, v]) =>
      `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('') || '<tr><td class="muted">defaults</td></tr>'}</tbody></table>
    <form class="inline" id="config-form"><input id="config-key" placeholder="retention.ms" required>
      <input id="config-value" placeholder="value" required><button>Set</button></form>
    <h2>Grow</h2>
    <form class="inline" id="grow-form"><input id="grow-count" type="number" min="${t.partitions.length + 1}"
      value="${t.partitions.length + 1}" class="narrow"><button>Grow to this many partitions</button></form>
    <h2>Delete</h2>
    <button class="danger" id="delete-topic">Delete topic ${esc(t.name)} and its records</button>`;
  document.getElementById('config-form').onsubmit = async ev => {
    ev.preventDefault();
    const key = document.getElementById('config-key').value.trim();
    let value = document.getElementById('config-value').value.trim();
    if (/^-?\d+$/.test(value)) value = Number(value);
    try { await api('PATCH', '/v1/topics/' + enc(name), {config: {[key]: value}}); route(); } catch (e) { showError(e); }
  };
  document.getElementById('grow-form').onsubmit = async ev => {
    ev.preventDefault();
    const count = parseInt(document.getElementById('grow-count').value, 10);
    try { await api('POST', '/v1/topics/' + enc(name) + '/partitions', {count}); route(); } catch (e) { showError(e); }
  };
  document.getElementById('delete-topic').onclick = async () => {
    if (!confirm('Delete topic ' + name + ' and all its records?')) return;
    try { await api('DELETE', '/v1/topics/' + enc(name)); location.hash = '#/topics'; } catch (e) { showError(e); }
  };
}

// ---------------------------------------------------------------- records

async function recordsView(name, params) {
  const t = await api('GET', '/v1/topics/' + enc(name));
  const partition = parseInt(params.get('partition') || '0', 10);
  const p = t.partitions.find(x => x.partition === partition) || t.partitions[0];
  view.innerHTML = `<h1>Records of <a href="#/topics/${enc(name)}">${esc(name)}</a></h1>
    <form class="inline" id="records-form">
      <label>Partition <select id="rec-partition">${t.partitions.map(x =>
        `<option value="${x.partition}" ${x.partition === p.partition ? 'selected' : ''}>${x.partition}</option>`).join('')}</select></label>
      <label>From offset <input id="rec-offset" type="number" min="0" class="narrow" value="${esc(params.get('offset') || '')}"
        placeholder="${p.earliestOffset}"></label>
      <label>or time <input id="rec-time" placeholder="2024-05-01T10:00:00Z" value="${esc(params.get('time') || '')}"></label>
      <button id="rec-load">Show</button>
      <label><input type="checkbox" id="rec-tail"> Live tail</label>
      <span class="muted" id="rec-status"></span>
    </form>
    <table id="records"><thead><tr><th class="num">Offset</th><th>Timestamp</th><th>Key</th><th>Value</th><th>Headers</th></tr></thead>
      <tbody></tbody></table>`;
  const body = view.querySelector('#records tbody');
  const status = document.getElementById('rec-status');
  const mine = generation;
  let next = null;
  let tailing = false;

  function append(records) {
    for (const r of records) {
      const tr = document.createElement('tr');
      tr.innerHTML = `<td class="num">${r.offset}</td><td>${esc(fmtTime(r.timestamp))}</td><td>${pretty(r.key)}</td>
        <td>${pretty(r.value)}</td><td>${Object.entries(r.headers || {}).map(([k, v]) => esc(k) + '=' + esc(v)).join('<br>')}</td>`;
      body.appendChild(tr);
    }
  }

  async function load() {
    const part = parseInt(document.getElementById('rec-partition').value, 10);
    const off = document.getElementById('rec-offset').value.trim();
    const time = document.getElementById('rec-time').value.trim();
    body.innerHTML = '';
    let start;
    if (off !== '') {
      start = parseInt(off, 10);
    } else if (time !== '') {
      const ms = /^\d+$/.test(time) ? Number(time) : Date.parse(time);
      if (isNaN(ms)) { showError(new Error('The time must be ISO-8601 or epoch milliseconds.')); return; }
      start = (await api('GET', `/v1/topics/${enc(name)}/partitions/${part}/offsets?at=${ms}`)).offset;
    } else {
      start = (await api('GET', `/v1/topics/${enc(name)}/partitions/${part}/offsets?at=earliest`)).offset;
    }
    const page = await api('GET', `/v1/topics/${enc(name)}/partitions/${part}/records?offset=${start}&maxRecords=200`);
    append(page.records);
    next = page.nextOffset;
    status.textContent = `offsets ${start}–${page.nextOffset} of ${page.logStartOffset}–${page.highWatermark}`;
  }

  async function tail() {
    if (tailing) return;
    tailing = true;
    const part = parseInt(document.getElementById('rec-partition').value, 10);
    while (generation === mine && document.getElementById('rec-tail').checked) {
      try {
        if (next == null) await load();
        const page = await api('GET', `/v1/topics/${enc(name)}/partitions/${part}/records?offset=${next}&maxRecords=200&maxWaitMs=5000`);
        if (generation !== mine) break;
        append(page.records);
        next = page.nextOffset;
        status.textContent = `live: at offset ${next}`;
      } catch (e) {
        showError(e);
        break;
      }
    }
    tailing = false;
  }

  document.getElementById('records-form').onsubmit = async ev => {
    ev.preventDefault();
    try { await load(); } catch (e) { showError(e); }
  };
  document.getElementById('rec-tail').onchange = ev => { if (ev.target.checked) tail(); };
  await load();
}

// ---------------------------------------------------------------- groups

async function groupsView() {
  const data = await api('GET', '/v1/groups');
  view.innerHTML = `<h1>Consumer groups</h1>
    <table id="groups"><thead><tr><th>Group</th><th>State</th><th class="num">Members</th></tr></thead><tbody>
    ${data.groups.map(g => `<tr><td><a href="#/groups/${enc(g.group)}">${esc(g.group)}</a></td><td>${esc(g.state)}</td>
      <td class="num">${g.members}</td></tr>`).join('') || '<tr><td colspan="3" class="muted">No groups yet.</td></tr>'}
    </tbody></table>`;
}

function lagChart(offsets) {
  const width = 720, height = 220, pad = 36;
  const bars = offsets.map(o => ({label: o.topic + '-' + o.partition, lag: o.lag == null ? 0 : o.lag}));
  const max = Math.max(1, ...bars.map(b => b.lag), ...lagHistory.map(h => h.total));
  const bw = bars.length ? Math.min(60, (width / 2 - pad) / bars.length - 6) : 0;
  let svg = `<svg id="lag-chart" class="chart" width="${width}" height="${height}" role="img" aria-label="consumer lag">`;
  svg += `<text x="${pad}" y="16" font-size="12">Lag by partition</text>`;
  bars.forEach((b, i) => {
    const h = (height - 2 * pad) * b.lag / max;
    const x = pad + i * (bw + 6);
    svg += `<rect class="lag-bar" data-lag="${b.lag}" x="${x}" y="${height - pad - h}" width="${bw}" height="${h}" fill="#2f6f9f"></rect>`;
    svg += `<text x="${x}" y="${height - pad + 14}" font-size="10">${esc(b.label)}</text>`;
    svg += `<text x="${x}" y="${height - pad - h - 3}" font-size="10">${b.lag}</text>`;
  });
  const x0 = width / 2 + pad;
  svg += `<text x="${x0}" y="16" font-size="12">Total lag over time</text>`;
  if (lagHistory.length > 1) {
    const span = Math.max(1, lagHistory[lagHistory.length - 1].at - lagHistory[0].at);
    const pts = lagHistory.map(h => `${x0 + (width / 2 - 2 * pad) * (h.at - lagHistory[0].at) / span},${height - pad - (height - 2 * pad) * h.total / max}`);
    svg += `<polyline fill="none" stroke="#b03a2e" stroke-width="2" points="${pts.join(' ')}"></polyline>`;
  }
  svg += `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#999"></line></svg>`;
  return svg;
}

async function groupView(group) {
  const mine = generation;
  lagHistory = [];
  async function render() {
    const g = await api('GET', '/v1/groups/' + enc(group));
    const total = g.offsets.reduce((s, o) => s + (o.lag || 0), 0);
    lagHistory.push({at: Date.now(), total});
    if (lagHistory.length > 120) lagHistory.shift();
    const parts = ps => (ps || []).map(p => p.topic + ': ' + p.partitions.join(',')).join('; ');
    view.innerHTML = `<h1>Group ${esc(g.group)} <span class="pill" id="group-state">${esc(g.state)}</span>
        <span class="pill">total lag <span id="total-lag">${total}</span></span></h1>
      <p class="muted">group epoch ${g.groupEpoch} · topics ${esc((g.topics || []).join(', '))} · refreshed every 5 s</p>
      ${lagChart(g.offsets)}
      <h2>Committed offsets and lag</h2>
      <table id="offsets"><thead><tr><th>Topic</th><th class="num">Partition</th><th class="num">Committed</th>
        <th class="num">Log end</th><th class="num">Lag</th><th>Committed at</th></tr></thead><tbody>
      ${g.offsets.map(o => `<tr><td>${esc(o.topic)}</td><td class="num">${o.partition}</td><td class="num">${o.offset}</td>
        <td class="num">${o.logEndOffset == null ? '' : o.logEndOffset}</td><td class="num lag">${o.lag == null ? '' : o.lag}</td>
        <td>${esc(fmtTime(o.commitTimeMs))}</td></tr>`).join('') || '<tr><td colspan="6" class="muted">No committed offsets.</td></tr>'}
      </tbody></table>
      <h2>Members</h2>
      <table id="members"><thead><tr><th>Member</th><th class="num">Epoch</th><th>Owns</th><th>Giving up</th>
        <th>Last heartbeat</th></tr></thead><tbody>
      ${g.members.map(m => `<tr><td>${esc(m.memberId)}</td><td class="num">${m.memberEpoch}</td><td>${esc(parts(m.ownedPartitions))}</td>
        <td>${esc(parts(m.pendingRevocation))}</td><td>${esc(fmtTime(m.lastHeartbeatMs))}</td></tr>`).join('')
        || '<tr><td colspan="5" class="muted">No active members.</td></tr>'}
      </tbody></table>
      <h2>Assignment</h2>
      <table id="assignment"><thead><tr><th>Topic</th><th class="num">Partition</th><th>Owner</th><th>Target</th></tr></thead><tbody>
      ${g.assignment.map(a => `<tr><td>${esc(a.topic)}</td><td class="num">${a.partition}</td><td>${esc(a.memberId || '-')}</td>
        <td>${esc(a.targetMemberId || '-')}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">Nothing assigned.</td></tr>'}
      </tbody></table>`;
  }
  await render();
  (async function refresh() {
    while (true) {
      await new Promise(resolve => setTimeout(resolve, 5000));
      if (generation !== mine) return;
      try { await render(); } catch (e) { showError(e); return; }
    }
  })();
}

// ---------------------------------------------------------------- security

// The operations each resource type takes (the service's ResourceType); the form offers only these.
const ACL_OPERATIONS = {
  TOPIC: ['ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['ALL', 'READ', 'DESCRIBE', 'DELETE'],
  CLUSTER: ['ALL', 'CREATE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE'],
};
const options = (values, selected) => values.map(v => `<option ${v === selected ? 'selected' : ''}>${esc(v)}</option>`).join('');
const limit = v => v < 0 ? '<span class="muted">unlimited</span>' : esc(v);

async function securityView(newKey) {
  const [keys, acls, quotas] = await Promise.all([api('GET', '/v1/api-keys'), api('GET', '/v1/acls'), api('GET', '/v1/quotas')]);
  const aclRow = (a, i) => `<tr><td>${esc(a.principal)}</td><td>${esc(a.permission)}</td><td>${esc(a.operation)}</td>
    <td>${esc(a.resourceType)}</td><td>${esc(a.resourceName)}</td><td>${esc(a.patternType)}</td>
    <td><button class="danger small" data-acl="${i}">Remove</button></td></tr>`;
  view.innerHTML = `<h1>Security</h1>
    <h2>Principals and their API keys</h2>
    ${newKey ? `<div class="secret" id="new-key">New API key for <b>${esc(newKey.principal)}</b> (id ${esc(newKey.keyId)}):
      <code id="new-key-value">${esc(newKey.apiKey)}</code><br><span>Copy it now: it is stored only as a hash and
      is not shown again.</span></div>` : ''}
    <form class="inline" id="key-form">
      <input id="key-principal" placeholder="User:alice" required pattern="[^:]+:.+" title="type:name, e.g. User:alice">
      <button id="create-key">Create API key</button>
    </form>
    <table id="api-keys"><thead><tr><th>Principal</th><th>Key id</th><th>Created</th><th></th></tr></thead><tbody>
    ${keys.apiKeys.map(k => `<tr><td>${esc(k.principal)}</td><td><code>${esc(k.keyId)}</code></td><td>${esc(fmtTime(k.createdAtMs))}</td>
      <td><button class="danger small" data-key="${esc(k.keyId)}">Revoke</button></td></tr>`).join('')
      || '<tr><td colspan="4" class="muted">No API keys.</td></tr>'}
    </tbody></table>
    <h2>ACLs</h2>
    <form class="inline" id="acl-form">
      <input id="acl-principal" placeholder="User:alice" required>
      <select id="acl-permission">${options(['ALLOW', 'DENY'], 'ALLOW')}</select>
      <select id="acl-operation">${options(ACL_OPERATIONS.TOPIC, 'READ')}</select>
      <select id="acl-type">${options(Object.keys(ACL_OPERATIONS), 'TOPIC')}</select>
      <input id="acl-name" placeholder="resource name, * or prefix" required>
      <select id="acl-pattern">${options(['LITERAL', 'PREFIXED'], 'LITERAL')}</select>
      <button id="add-acl">Add ACL</button>
    </form>
    <table id="acls"><thead><tr><th>Principal</th><th>Permission</th><th>Operation</th><th>Resource type</th>
      <th>Resource</th><th>Pattern</th><th></th></tr></thead><tbody>
    ${acls.acls.map(aclRow).join('') || '<tr><td colspan="7" class="muted">No ACLs.</td></tr>'}
    </tbody></table>
    <h2>Quotas</h2>
    <table id="quotas"><thead><tr><th>Principal</th><th class="num">Produce bytes/s</th><th class="num">Fetch bytes/s</th>
      <th class="num">Requests/s</th></tr></thead><tbody>
    ${[Object.assign({principal: 'default'}, quotas.defaults)].concat(quotas.overrides).map(q => `<tr><td>${esc(q.principal)}</td>
      <td class="num">${limit(q.produceBytesPerSecond)}</td><td class="num">${limit(q.fetchBytesPerSecond)}</td>
      <td class="num">${limit(q.requestsPerSecond)}</td></tr>`).join('')}
    </tbody></table>
    <p class="muted">Quota overrides are set with <code>PUT /v1/quotas/{principal}</code>.</p>`;

  const type = document.getElementById('acl-type');
  const name = document.getElementById('acl-name');
  type.onchange = () => {
    document.getElementById('acl-operation').innerHTML = options(ACL_OPERATIONS[type.value], 'ALL');
    if (type.value === 'CLUSTER') { name.value = 'kafka-cluster'; document.getElementById('acl-pattern').value = 'LITERAL'; }
  };
  document.getElementById('key-form').onsubmit = async ev => {
    ev.preventDefault();
    try {
      const created = await api('POST', '/v1/api-keys', {principal: document.getElementById('key-principal').value.trim()});
      await securityView(created);
    } catch (e) { showError(e); }
  };
  view.querySelectorAll('button[data-key]').forEach(b => b.onclick = async () => {
    if (!confirm('Revoke API key ' + b.dataset.key + '? Callers using it are refused from then on.')) return;
    try { await api('DELETE', '/v1/api-keys/' + enc(b.dataset.key)); await securityView(); } catch (e) { showError(e); }
  });
  document.getElementById('acl-form').onsubmit = async ev => {
    ev.preventDefault();
    const acl = {principal: document.getElementById('acl-principal').value.trim(), resourceType: type.value,
      resourceName: name.value.trim(), patternType: document.getElementById('acl-pattern').value,
      operation: document.getElementById('acl-operation').value, permission: document.getElementById('acl-permission').value};
    try { await api('POST', '/v1/acls', acl); await securityView(); } catch (e) { showError(e); }
  };
  view.querySelectorAll('button[data-acl]').forEach(b => b.onclick = async () => {
    const a = acls.acls[Number(b.dataset.acl)];
    try { await api('DELETE', '/v1/acls?' + new URLSearchParams(a).toString()); await securityView(); } catch (e) { showError(e); }
  });
}

// ---------------------------------------------------------------- routing

async function route() {
  generation++;
  const hash = location.hash || '#/topics';
  const [path, query] = hash.substring(1).split('?');
  const params = new URLSearchParams(query || '');
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.getElementById('nav-topics').classList.toggle('active', seg[0] !== 'groups' && seg[0] !== 'security');
  document.getElementById('nav-groups').classList.toggle('active', seg[0] === 'groups');
  document.getElementById('nav-security').classList.toggle('active', seg[0] === 'security');
  try {
    if (seg[0] === 'security') await securityView();
    else if (seg[0] === 'groups' && seg[1]) await groupView(seg[1]);
    else if (seg[0] === 'groups') await groupsView();
    else if (seg[1] && seg[2] === 'records') await recordsView(seg[1], params);
    else if (seg[1]) await topicView(seg[1]);
    else await topicsView();
  } catch (e) {
    if (e.status === 401) {
      signInView(e.problem);
    } else {
      view.innerHTML = `<h1>Cannot show this page</h1><p>${esc(e.message)}</p>`;
    }
  }
}

async function health() {
  const el = document.getElementById('health');
  try {
    const r = await fetch('/health/readiness');
    el.textContent = r.ok ? 'storage up' : 'storage down';
    el.className = 'health ' + (r.ok ? 'up' : 'down');
  } catch (e) {
    el.textContent = 'unreachable';
    el.className = 'health down';
  }
}

window.addEventListener('hashchange', route);
showCredentials();
route();
health();
setInterval(health, 15000);
