
(function(){
  'use strict';
  var D = JSON.parse(document.getElementById('rollcall-data').textContent);
  var SEV = ['error', 'warning', 'info'];
  var rules = D.rules, accounts = D.accounts;
  var state = {sort: 'name', desc: false, page: 0, size: 50, query: '', rule: -1};
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function shownSeverities() {
    var s = {};
    SEV.forEach(function(v){ s[v] = document.getElementById('filter-' + v).checked; });
    return s;
  }
  function hasRule(a, r) {
    for (var i = 0; i < a[11].length; i++) if (a[11][i][1] === r) return true;
    return false;
  }
  function key(a) {
    switch (state.sort) {
      case 'errors': return a[3];
      case 'warnings': return a[4];
      case 'infos': return a[5];
      case 'savings': return a[6] ? a[6][0] : -1;
      case 'worst': return a[7] < 0 ? '' : rules[a[7]][0];
      default: return a[0].toLowerCase();
    }
  }
  function rows() {
    var q = state.query, list = [];
    for (var i = 0; i < accounts.length; i++) {
      var a = accounts[i];
      if (q && a[0].toLowerCase().indexOf(q) < 0 && a[1].toLowerCase().indexOf(q) < 0) continue;
      if (state.rule >= 0 && !hasRule(a, state.rule)) continue;
      list.push(i);
    }
    list.sort(function(x, y){
      var kx = key(accounts[x]), ky = key(accounts[y]);
      var c = kx < ky ? -1 : kx > ky ? 1 : x - y;
      return state.desc ? -c : c;
    });
    return list;
  }
  function table() {
    var list = rows(), pages = Math.max(1, Math.ceil(list.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var body = document.getElementById('accounts-body');
    body.textContent = '';
    list.slice(state.page * state.size, (state.page + 1) * state.size).forEach(function(i){
      var a = accounts[i], tr = el('tr');
      tr.dataset.index = i;
      var td = el('td'), b = el('button', a[0], 'open');
      b.addEventListener('click', function(){ details(i); });
      td.appendChild(b);
      tr.appendChild(td);
      if (!a[2]) { tr.appendChild(el('td', 'not audited')); tr.lastChild.colSpan = 3; }
      else [3, 4, 5].forEach(function(k){ tr.appendChild(el('td', a[k], 'num')); });
      tr.appendChild(el('td', a[6] ? a[6][1] : '-', 'num'));
      tr.appendChild(el('td', a[7] < 0 ? '' : rules[a[7]][0] + ' ' + rules[a[7]][1]));
      body.appendChild(tr);
    });
    document.getElementById('page').textContent = 'page ' + (state.page + 1) + ' of ' + pages;
    document.getElementById('matching').textContent = list.length;
    document.getElementById('prev').disabled = state.page === 0;
    document.getElementById('next').disabled = state.page >= pages - 1;
  }
  function bar(seats, assigned) {
    if (assigned === null) return el('span', 'assignments unknown', 'muted');
    var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '210'); svg.setAttribute('height', '14'); svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', assigned + ' of ' + seats + ' seats assigned');
    var ratio = seats === 0 ? (assigned > 0 ? 1 : 0) : Math.min(1, assigned / seats);
    var color = assigned > seats ? '#cf222e' : assigned < seats ? '#bf8700' : '#1a7f37';
    [[200, '#eaeef2'], [200 * ratio, color]].forEach(function(r){
      var rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', '0'); rect.setAttribute('y', '1'); rect.setAttribute('height', '12');
      rect.setAttribute('rx', '2'); rect.setAttribute('width', r[0].toFixed(1)); rect.setAttribute('fill', r[1]);
      svg.appendChild(rect);
    });
    var span = el('span'); span.appendChild(svg); span.appendChild(document.createTextNode(' ' + assigned + ' / ' + seats));
    return span;
  }
  function roleMatrix(box, a) {
    var contracts = a[9], teams = a[10];
    if (!contracts.length && !teams.length) return;
    var people = {};
    contracts.forEach(function(c){ if (c[1]) people[c[1]] = 1; (c[3] || []).forEach(function(p){ people[p] = 1; }); });
    teams.forEach(function(t){ if (t[1]) people[t[1]] = 1; t[2].concat(t[3]).forEach(function(p){ people[p] = 1; }); });
    box.appendChild(el('h3', 'Role matrix'));
    var t = el('table', null, 'roles'), head = el('tr');
    head.appendChild(el('th', 'person'));
    contracts.forEach(function(c){ head.appendChild(el('th', 'contract ' + c[0])); });
    teams.forEach(function(m){ head.appendChild(el('th', 'team ' + m[0])); });
    t.appendChild(head);
    var unknown = false;
    Object.keys(people).sort().forEach(function(p){
      var tr = el('tr'); tr.appendChild(el('td', p));
      contracts.forEach(function(c){
        var r = [];
        if (c[1] === p) r.push('CM');
        if (c[3] && c[3].indexOf(p) >= 0) r.push('SC');
        else if (c[3] && !c[3].length && c[1] === p) r.push('SC (by default)');
        tr.appendChild(el('td', r.join(', '), 'role'));
      });
      teams.forEach(function(m){
        var r = [];
        if (m[1] === p) r.push('primary');
        if (m[2].indexOf(p) >= 0) r.push('secondary');
        if (m[3].indexOf(p) >= 0) r.push('SSO');
        tr.appendChild(el('td', r.join(', '), 'role'));
      });
      t.appendChild(tr);
    });
    contracts.forEach(function(c){ if (c[2] || c[3] === null) unknown = true; });
    if (unknown) {
      var tr = el('tr', null, 'unknown'); tr.appendChild(el('td', 'unknown'));
      contracts.forEach(function(c){
        var r = []; if (c[2]) r.push('CM'); if (c[3] === null) r.push('SC');
        tr.appendChild(el('td', r.join(', '), 'role'));
      });
      teams.forEach(function(){ tr.appendChild(el('td', '', 'role')); });
      t.appendChild(tr);
    }
    box.appendChild(t);
  }
  function findings(box, a) {
    var shown = shownSeverities(), list = a[11], files = a[8];
    var count = el('span', '', 'visible-count'), h = el('h3', 'Findings (');
    h.appendChild(count); h.appendChild(document.createTextNode(')'));
    box.appendChild(h);
    var t = el('table', null, 'findings'), head = el('tr');
    ['severity', 'rule', 'finding', 'where'].forEach(function(c){ head.appendChild(el('th', c)); });
    t.appendChild(head);
    var n = 0;
    list.forEach(function(f){
      var sev = SEV[f[0]];
      if (!shown[sev] || (state.rule >= 0 && f[1] !== state.rule)) return;
      n++;
      var tr = el('tr', null, 'finding');
      tr.dataset.severity = sev; tr.dataset.rule = rules[f[1]][0];
      var s = el('td'); s.appendChild(el('span', sev, 'sev sev-' + sev)); tr.appendChild(s);
      var r = el('td'); r.appendChild(el('code', rules[f[1]][0])); r.appendChild(document.createTextNode(' ' + rules[f[1]][1])); tr.appendChild(r);
      var m = el('td', f[2]);
      if (f[3] >= 0) { m.appendChild(el('br')); m.appendChild(el('span', a[12][f[3]], 'muted')); }
      if (f[7] !== null) { m.appendChild(el('br')); m.appendChild(el('em', 'waived: ' + f[7])); }
      tr.appendChild(m);
      var w = el('td'); w.appendChild(el('code', files[f[4]] + ':' + f[5] + ':' + f[6])); tr.appendChild(w);
      t.appendChild(tr);
    });
    count.textContent = n;
    box.appendChild(t);
  }
  var current = -1;
  function details(i) {
    current = i;
    var a = accounts[i], box = document.getElementById('details');
    box.textContent = '';
    box.hidden = false;
    box.appendChild(el('h2', a[0]));
    var p = el('p', null, 'muted'); p.appendChild(el('code', a[1])); box.appendChild(p);
    if (!a[2]) { box.appendChild(el('p', 'Not audited: an input failed to load.')); return; }
    if (a[6]) box.appendChild(el('p', 'Reclaimable seats: ' + a[6][1] + ' a year', 'savings'));
    roleMatrix(box, a);
    var products = [];
    a[9].forEach(function(c){ c[4].forEach(function(pr){ products.push([c[0], pr]); }); });
    if (products.length) {
      box.appendChild(el('h3', 'Seats'));
      var t = el('table', null, 'seats'), head = el('tr');
      ['contract', 'product', 'use'].forEach(function(c){ head.appendChild(el('th', c)); });
      t.appendChild(head);
      products.forEach(function(x){
        var tr = el('tr'); tr.appendChild(el('td', x[0])); tr.appendChild(el('td', x[1][0]));
        var u = el('td'); u.appendChild(bar(x[1][1], x[1][2])); tr.appendChild(u);
        t.appendChild(tr);
      });
      box.appendChild(t);
    }
    findings(box, a);
    box.scrollIntoView();
  }
  function refresh() { table(); if (current >= 0) details(current); }
  document.getElementById('search').addEventListener('input', function(e){
    state.query = e.target.value.trim().toLowerCase(); state.page = 0; table();
  });
  document.getElementById('rule-filter').addEventListener('change', function(e){
    state.rule = e.target.value === '' ? -1 : Number(e.target.value); state.page = 0; refresh();
  });
  SEV.forEach(function(v){ document.getElementById('filter-' + v).addEventListener('change', refresh); });
  document.getElementById('prev').addEventListener('click', function(){ state.page--; table(); });
  document.getElementById('next').addEventListener('click', function(){ state.page++; table(); });
  document.querySelectorAll('th button[data-sort]').forEach(function(b){
    b.addEventListener('click', function(){
      var s = b.dataset.sort;
      if (state.sort === s) state.desc = !state.desc;
      else { state.sort = s; state.desc = s !== 'name'; }
      state.page = 0; table();
    });
  });
  var select = document.getElementById('rule-filter');
  var used = {};
  accounts.forEach(function(a){ a[11].forEach(function(f){ used[f[1]] = true; }); });
  rules.forEach(function(r, i){
    if (!used[i]) return;
    var o = el('option', r[0] + ' ' + r[1]); o.value = String(i); select.appendChild(o);
  });
  table();
})();
