// Stagegate audit: a Cockpit plugin for auditors. Plain ES module, no build step. Everything is built with DOM calls
// and textContent (no innerHTML with data, no inline scripts), so the webapps' Content-Security-Policy holds.
// Data comes from the plugin's resource behind Cockpit's login: /camunda/api/cockpit/plugin/stagegate-audit/{engine}/.

const PATH = '/stagegate-audit';

function apiBase(api) {
  let base = api && api.cockpitApi;
  if (!base) {
    const tag = document.querySelector('base');
    base = (tag && tag.getAttribute('cockpit-api')) || '/camunda/api/cockpit/';
  }
  if (!base.endsWith('/')) {
    base += '/';
  }
  const engine = (api && api.engine) || 'default';
  return base + 'plugin/stagegate-audit/' + encodeURIComponent(engine) + '/';
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([key, value]) => {
    if (value !== undefined && value !== null) {
      node.setAttribute(key, value);
    }
  });
  children.flat().forEach(child => {
    if (child === undefined || child === null) {
      return;
    }
    node.appendChild(typeof child === 'string' || typeof child === 'number' || typeof child === 'boolean'
      ? document.createTextNode(String(child)) : child);
  });
  return node;
}

async function fetchJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await response.json();
  } catch (notJson) {
    body = null;
  }
  if (!response.ok) {
    const error = new Error((body && body.detail) || ('HTTP ' + response.status));
    error.status = response.status;
    throw error;
  }
  return body;
}

function refusal(container, error) {
  container.replaceChildren(el('div', { class: 'alert alert-warning sg-refusal', 'data-status': error.status },
    error.message));
}

function chainBadge(valid, firstBrokenSeq) {
  return valid
    ? el('span', { class: 'sg-chain sg-chain-valid label label-success' }, 'chain valid')
    : el('span', { class: 'sg-chain sg-chain-broken label label-danger' },
      'chain broken at seq ' + firstBrokenSeq);
}

function text(value) {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

function table(rows, columns, cssClass) {
  return el('table', { class: 'table table-condensed sg-table ' + (cssClass || '') },
    el('thead', {}, el('tr', {}, columns.map(column => el('th', {}, column.label)))),
    el('tbody', {}, rows.map(row => el('tr', {}, columns.map(column => {
      const value = column.value(row);
      return el('td', {}, value instanceof Node ? value : text(value));
    })))));
}

// Renders evidence whatever its exact shape: arrays of objects as tables, objects as definition lists.
function evidence(value) {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return el('em', {}, 'none');
    }
    if (value.every(item => item && typeof item === 'object' && !Array.isArray(item))) {
      const keys = [...new Set(value.flatMap(item => Object.keys(item)))];
      return table(value, keys.map(key => ({ label: key, value: row => nested(row[key]) })), 'sg-evidence-table');
    }
    return el('span', {}, value.map(text).join(', '));
  }
  if (value && typeof value === 'object') {
    return el('dl', { class: 'dl-horizontal sg-evidence' },
      Object.entries(value).flatMap(([key, inner]) => [el('dt', {}, key), el('dd', {}, nested(inner))]));
  }
  return el('span', {}, text(value));
}

function nested(value) {
  return value && typeof value === 'object' ? evidence(value) : text(value);
}

function decisionSection(decision) {
  return el('section', { class: 'sg-decision', 'data-phase': decision.phase },
    el('h4', {}, decision.phaseName + ' (' + decision.phase + ') — iteration ' + decision.iteration + ': ',
      el('strong', { class: 'sg-decision-outcome' }, decision.decision)),
    el('p', {}, 'decided by ', el('span', { class: 'sg-decider' }, text(decision.decidedBy)), ' at ',
      text(decision.decidedAt), decision.comment ? ' — “' + decision.comment + '”' : ''),
    evidence(decision.evidence));
}

async function showProject(detail, base, id) {
  detail.replaceChildren(el('p', {}, 'Loading…'));
  let record;
  try {
    record = await fetchJson(base + 'projects/' + encodeURIComponent(id));
  } catch (error) {
    refusal(detail, error);
    return;
  }
  const file = record.file;
  const htmlLink = base + 'projects/' + encodeURIComponent(id) + '/audit-file.html';
  detail.replaceChildren(
    el('h3', { class: 'sg-project-title' }, file.project.name + ' ',
      el('small', {}, file.project.status + (file.project.currentPhase ? ' · ' + file.project.currentPhase : ''))),
    el('p', {}, chainBadge(file.chain.valid, file.chain.firstBrokenSeq),
      ' ' + file.chain.events + ' events; newest link seq ' + file.chain.lastSeq + ', hash ',
      el('code', { class: 'sg-last-hash' }, text(file.chain.lastHash))),
    el('p', {}, el('a', { class: 'sg-audit-file', href: htmlLink, target: '_blank', rel: 'noopener' },
      'Audit file (printable HTML, in the browser\'s language: English or Chinese)')),
    el('h3', {}, 'Gate decisions'),
    file.gateDecisions.length === 0 ? el('p', {}, el('em', {}, 'No gate decision yet.'))
      : el('div', { class: 'sg-decisions' }, file.gateDecisions.map(decisionSection)),
    el('h3', {}, 'Deliverables'),
    table(file.deliverables, [
      { label: 'phase', value: d => d.phase },
      { label: 'deliverable', value: d => d.typeName || d.type },
      { label: 'version', value: d => d.version },
      { label: 'SHA-256', value: d => el('code', {}, text(d.sha256 || d.uri)) },
      { label: 'submitted by', value: d => d.submittedBy },
      { label: 'at', value: d => d.submittedAt }
    ], 'sg-deliverables'),
    el('h3', {}, 'User tasks'),
    table(record.tasks, [
      { label: 'process', value: t => t.process },
      { label: 'task', value: t => t.name || t.taskKey },
      { label: 'created', value: t => t.created },
      { label: 'ended', value: t => t.ended },
      { label: 'completed by', value: t => t.completedBy || t.assignee },
      { label: 'end', value: t => t.endReason }
    ], 'sg-tasks'),
    el('h3', {}, 'Audit events'),
    table(file.history, [
      { label: 'seq', value: e => e.seq },
      { label: 'at', value: e => e.at },
      { label: 'actor', value: e => e.actor },
      { label: 'type', value: e => e.type },
      { label: 'phase', value: e => e.phase },
      { label: 'details', value: e => el('code', {}, text(e.details)) }
    ], 'sg-events'));
}

async function showSystem(detail, base) {
  detail.replaceChildren(el('p', {}, 'Loading…'));
  try {
    const system = await fetchJson(base + 'system');
    detail.replaceChildren(
      el('h3', { class: 'sg-project-title' }, 'System chain ', el('small', {}, '_system')),
      el('p', {}, chainBadge(system.chain.valid, system.chain.firstBrokenSeq), ' ' + system.chain.events + ' events'),
      table(system.events, [
        { label: 'seq', value: e => e.seq },
        { label: 'at', value: e => e.at },
        { label: 'actor', value: e => e.actor },
        { label: 'type', value: e => e.type },
        { label: 'details', value: e => el('code', {}, text(e.details)) }
      ], 'sg-events'));
  } catch (error) {
    refusal(detail, error);
  }
}

async function renderPage(node, api) {
  const base = apiBase(api);
  const root = el('div', { class: 'sg-audit', id: 'stagegate-audit' });
  node.replaceChildren(root);
  root.appendChild(el('h2', {}, 'Stagegate audit'));
  const summary = el('div', { class: 'sg-summary' }, 'Loading…');
  const list = el('div', { class: 'sg-projects' });
  const detail = el('div', { class: 'sg-detail' });
  root.append(summary, list, detail);
  let overview;
  try {
    overview = await fetchJson(base + 'projects');
  } catch (error) {
    refusal(summary, error);
    return;
  }
  summary.replaceChildren(el('p', {}, 'All chains: ',
    overview.valid
      ? el('span', { class: 'sg-verify sg-verify-valid label label-success' }, 'valid')
      : el('span', { class: 'sg-verify sg-verify-broken label label-danger' }, 'broken'),
    ' — ' + overview.chains + ' chains, ' + overview.events + ' events. ',
    el('a', { href: '#' + PATH, class: 'sg-system-link' }, 'System chain (' + overview.system.events + ' events)')));
  summary.querySelector('.sg-system-link').addEventListener('click', event => {
    event.preventDefault();
    showSystem(detail, base);
  });
  // An audit file holds hundreds or thousands of projects: a filter on name, id, status and phase finds one.
  const filter = el('input', {
    type: 'search', class: 'form-control sg-filter', placeholder: 'Filter by name, id, status or phase',
    'aria-label': 'Filter projects'
  });
  const rows = el('div', { class: 'sg-project-rows' });
  list.replaceChildren(filter, rows);
  const render = () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(word => word);
    const shown = overview.projects.filter(p => {
      const haystack = [p.name, p.id, p.status, p.currentPhase].join(' ').toLowerCase();
      return words.every(word => haystack.includes(word));
    });
    rows.replaceChildren(projectTable(shown, detail, base),
      el('p', { class: 'sg-shown text-muted' }, shown.length + ' of ' + overview.projects.length + ' projects'));
  };
  filter.addEventListener('input', render);
  render();
}

function projectTable(projects, detail, base) {
  return table(projects, [
    {
      label: 'project', value: p => {
        const link = el('a', { href: '#' + PATH, class: 'sg-project-link', 'data-project-id': p.id }, p.name);
        link.addEventListener('click', event => {
          event.preventDefault();
          showProject(detail, base, p.id);
        });
        return link;
      }
    },
    { label: 'status', value: p => el('span', { class: 'sg-status' }, p.status) },
    { label: 'phase', value: p => p.currentPhase },
    { label: 'created', value: p => p.createdAt },
    { label: 'events', value: p => p.events },
    { label: 'chain', value: p => chainBadge(p.chainValid, p.firstBrokenSeq) }
  ], 'sg-project-list');
}

export default [
  {
    id: 'stagegate-audit.navigation',
    pluginPoint: 'cockpit.navigation',
    priority: 100,
    properties: {
      label: 'Stagegate audit',
      pagePath: '#' + PATH,
      checkActive: path => path.indexOf('#' + PATH) > -1
    }
    // no render: Cockpit draws the header link itself from pagePath and label
  },
  {
    id: 'stagegate-audit.route',
    pluginPoint: 'cockpit.route',
    properties: {
      path: PATH,
      label: 'Stagegate audit'
    },
    render: (node, context) => {
      renderPage(node, context && context.api);
    }
  },
  {
    id: 'stagegate-audit.dashboard',
    pluginPoint: 'cockpit.dashboard',
    priority: 100,
    render: node => {
      node.replaceChildren(el('section', { class: 'sg-dashboard' },
        el('h3', {}, 'Stagegate audit'),
        el('p', {}, 'Every project, retired and cancelled ones included: its audit events, gate decisions with their '
          + 'evidence, user-task log and the state of its hash chain. ',
        el('a', { href: '#' + PATH, class: 'sg-dashboard-link' }, 'Open the Stagegate audit'))));
    }
  }
];
