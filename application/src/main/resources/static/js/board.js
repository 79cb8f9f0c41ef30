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
  // a rate with nothing to divide by (no item closed yet has no on-time rate) comes as null: no figure, not 0%
  function percent(rate) { return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + '%'; }
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

  // 登记 counts every task ever entered, withdrawn ones (registered by mistake) included, so 撤销 stands beside it:
  // registered = withdrawn + open + closed, where the public board shows registered less withdrawn
  function showFigures(summary) {
    const figures = [
      ['登记 Registered', summary.registered], ['撤销 Withdrawn', summary.withdrawn], ['在办 Open', summary.open],
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
        tr.append(name, cell(String(d.registered)), cell(String(d.withdrawn)), cell(String(d.open)),
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

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, String(value)));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  /**
   * The trend as a chart: open and overdue items as bars (left scale), the closure rate as a line (right
   * scale, 0–100%), left out on a day without one (nothing registered yet, or only withdrawn items). The chart is
   * an image named by its summary; the table under it gives every figure.
   */
  function showTrend(days) {
    const width = 720, height = 240, left = 40, right = 44, top = 12, bottom = 28;
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    const most = Math.max(1, ...days.map(d => d.open));
    const step = plotWidth / Math.max(1, days.length);
    const x = i => left + i * step;
    const count = n => top + plotHeight - (n / most) * plotHeight;
    const rate = r => top + plotHeight - r * plotHeight;
    const last = days[days.length - 1];
    const name = '趋势图 Trend chart: ' + days.length + ' 天 days, ' + days[0].day + ' – ' + last.day
      + '; 办结率 closure rate ' + percent(days[0].closureRate) + ' → ' + percent(last.closureRate)
      + '; 在办 open ' + days[0].open + ' → ' + last.open + '; 逾期 overdue ' + days[0].overdue + ' → ' + last.overdue;
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': 'trend-title' });
    chart.append(svg('title', { id: 'trend-title' }, name));
    chart.append(svg('line', { x1: left, y1: top + plotHeight, x2: width - right, y2: top + plotHeight, class: 'axis' }));
    chart.append(svg('text', { x: left - 6, y: top + 10, class: 'scale', 'text-anchor': 'end' }, String(most)));
    chart.append(svg('text', { x: left - 6, y: top + plotHeight, class: 'scale', 'text-anchor': 'end' }, '0'));
    chart.append(svg('text', { x: width - right + 6, y: top + 10, class: 'scale' }, '100%'));
    chart.append(svg('text', { x: width - right + 6, y: top + plotHeight, class: 'scale' }, '0%'));
    days.forEach((d, i) => {
      const bar = Math.max(1, step * 0.7);
      chart.append(svg('rect', { x: x(i) + (step - bar) / 2, y: count(d.open), width: bar,
        height: top + plotHeight - count(d.open), class: 'open' }));
      chart.append(svg('rect', { x: x(i) + (step - bar) / 2, y: count(d.overdue), width: bar,
        height: top + plotHeight - count(d.overdue), class: 'overdue' }));
    });
    let points = [];
    // a run of days with a closure rate is a line; a day alone between gaps (the ledger's first day with a task
    // closed, say) is a dot, which a polyline of one point would not draw
    const line = () => {
      if (points.length === 1) {
        const [cx, cy] = points[0].split(',');
        chart.append(svg('circle', { cx: cx, cy: cy, r: 3, class: 'rate-point' }));
      } else if (points.length > 1) {
        chart.append(svg('polyline', { points: points.join(' '), class: 'rate' }));
      }
      points = [];
    };
    days.forEach((d, i) => {
      if (d.closureRate === null || d.closureRate === undefined) {
        line();
      } else {
        points.push((x(i) + step / 2).toFixed(1) + ',' + rate(d.closureRate).toFixed(1));
      }
    });
    line();
    chart.append(svg('text', { x: left, y: height - 8, class: 'scale' }, days[0].day));
    chart.append(svg('text', { x: width - right, y: height - 8, class: 'scale', 'text-anchor': 'end' }, last.day));
    const legend = document.createElement('p');
    legend.className = 'legend';
    [['open', '在办 Open'], ['overdue', '逾期 Overdue'], ['rate', '办结率 Closure rate']].forEach(([key, label]) => {
      const swatch = document.createElement('span');
      swatch.className = 'swatch ' + key;
      legend.append(swatch, document.createTextNode(label + ' '));
    });
    $('trend-chart').replaceChildren(chart, legend);
    $('trend').replaceChildren(...[...days].reverse().map(d => {
      const tr = document.createElement('tr');
      const day = document.createElement('th');
      day.scope = 'row';
      day.textContent = d.day;
      tr.append(day, cell(percent(d.closureRate)), cell(String(d.open)), cell(String(d.overdue)), cell(String(d.red)));
      return tr;
    }));
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
      const [summary, entries, trend] = await Promise.all([getJson(path),
        getJson(path + '/entries?colour=RED&colour=YELLOW&limit=2000'), getJson(path + '/trend')]);
      showFigures(summary);
      showTrend(trend);
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
