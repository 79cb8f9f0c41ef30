'use strict';
// Every value shown comes from users' input (ledger, department, task titles): it is only ever set
// as text, never as markup. The page reads the same ledger API as every other client.
(() => {
  const REFRESH_MS = 60000;
  const STATUS = {
    REGISTERED: '挂账 Registered', CLAIMED: '认领 Claimed', IN_PROGRESS: '推进 In progress',
    CLOSURE_REQUESTED: '申请销号 Closure requested', CLOSED: '销号 Closed', WITHDRAWN: '撤销 Withdrawn'
  };
  const ITEM_COLUMNS = ['事项 Item', '责任单位 Department', '状态 Status', '期限 Due', '进度 Progress',
    '调度级别 Escalation'];
  const $ = id => document.getElementById(id);

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }
  function percent(rate) { return (rate * 100).toFixed(1) + '%'; }
  function colourCell(count, colour) { return cell(String(count), count > 0 ? colour : 'zero'); }

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) {
      let detail = response.status + ' ' + response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.json();
  }

  function showFigures(summary) {
    const figures = [
      ['登记 Registered', summary.registered], ['在办 Open', summary.open],
      ['红 Red · 逾期 overdue', summary.colours.RED, 'red'], ['黄 Yellow · 预警 warning', summary.colours.YELLOW, 'yellow'],
      ['蓝 Blue · 正常 on track', summary.colours.BLUE, 'blue'], ['销号 Closed', summary.closed],
      ['办结率 Closure rate', percent(summary.closureRate)], ['按期办结率 On-time rate', percent(summary.onTimeRate)],
      ['逾期销号 Closed late', summary.closedLate]
    ];
    $('figures').replaceChildren(...figures.map(([label, value, colour]) => {
      const box = document.createElement('div');
      box.className = 'figure' + (colour ? ' ' + colour : '');
      const number = document.createElement('div');
      number.className = 'value';
      number.textContent = String(value);
      const caption = document.createElement('div');
      caption.className = 'label';
      caption.textContent = label;
      box.append(number, caption);
      return box;
    }));
  }

  function showDepartments(summary) {
    const rows = [...summary.departments]
      .sort((a, b) => b.colours.RED - a.colours.RED || b.colours.YELLOW - a.colours.YELLOW
        || a.department.localeCompare(b.department))
      .map(d => {
        const tr = document.createElement('tr');
        const name = document.createElement('th');
        name.scope = 'row';
        name.textContent = d.department;
        tr.append(name, cell(String(d.registered)), cell(String(d.open)),
          colourCell(d.colours.RED, 'red'), colourCell(d.colours.YELLOW, 'yellow'), colourCell(d.colours.BLUE, 'blue'),
          cell(String(d.closed)), cell(String(d.closedLate)), cell(percent(d.closureRate)), cell(percent(d.onTimeRate)));
        return tr;
      });
    $('departments').replaceChildren(...rows);
  }

  /** An item's cells, each labelled with its column, so that a phone can show them as a card. */
  function itemRow(t) {
    const title = cell('', 'text');
    const dot = document.createElement('span');
    dot.className = 'dot ' + t.colour;
    title.append(dot, document.createTextNode(t.title));
    const progress = t.latestProgress
      ? cell(t.latestProgress.percentComplete + '%') : cell('未报 None reported', 'none');
    const escalation = t.escalation
      ? cell(t.escalation.label, 'text') : cell('未调度 Not escalated', 'text none');
    const cells = [title, cell(t.leadDepartment, 'text'), cell(STATUS[t.status] || t.status, 'text'),
      cell(t.dueDate), progress, escalation];
    cells.forEach((td, i) => { if (i > 0) td.dataset.label = ITEM_COLUMNS[i]; });
    const tr = document.createElement('tr');
    tr.append(...cells);
    return tr;
  }

  function showItems(entries) {
    const rank = { RED: 0, YELLOW: 1 };
    const flagged = entries.filter(t => t.colour === 'RED' || t.colour === 'YELLOW')
      .sort((a, b) => rank[a.colour] - rank[b.colour] || String(a.dueDate).localeCompare(String(b.dueDate)));
    if (flagged.length === 0) {
      const tr = document.createElement('tr');
      const td = cell('没有红黄事项 Nothing red or yellow', 'text');
      td.colSpan = ITEM_COLUMNS.length;
      tr.append(td);
      $('items').replaceChildren(tr);
      return;
    }
    $('items').replaceChildren(...flagged.map(itemRow));
  }

  async function loadLedgers() {
    const names = await getJson('/api/ledgers');
    const select = $('ledger');
    const wanted = new URLSearchParams(location.search).get('ledger') || select.value;
    select.replaceChildren(...names.map(name => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      return option;
    }));
    select.value = names.includes(wanted) ? wanted : (names[0] || '');
  }

  async function refresh() {
    try {
      await loadLedgers();
      const ledger = $('ledger').value;
      if (!ledger) {
        $('error').textContent = '还没有台账 No ledger yet';
        return;
      }
      const path = '/api/ledgers/' + encodeURIComponent(ledger);
      const [summary, entries] = await Promise.all([getJson(path),
        getJson(path + '/entries?colour=RED&colour=YELLOW&limit=2000')]);
      showFigures(summary);
      showDepartments(summary);
      showItems(entries);
      $('error').textContent = '';
      $('status').textContent = '更新于 Updated ' + new Date().toLocaleTimeString('zh-CN');
    } catch (e) {
      $('error').textContent = '读取失败 Could not load: ' + e.message;
    }
  }

  $('ledger').addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('ledger', $('ledger').value);
    history.replaceState(null, '', url);
    refresh();
  });
  $('refresh').addEventListener('click', refresh);
  refresh();
  setInterval(refresh, REFRESH_MS);
})();
