// One migration's page: reads the JSON API with the page's session and keeps the steps, the
// counts and the charts up to date while the migration runs; loads the tables a page at a time.
(function () {
  'use strict';
  var main = document.getElementById('migration');
  var id = main.dataset.id;
  var api = '/api/migrations/' + id;
  var RUNNING = ['STARTING', 'STARTED', 'STOPPING'];
  var VERDICTS = ['MIGRATE', 'MIGRATE_MANUAL', 'RETRY_LATER', 'ACTION_REQUIRED', 'NOT_SUPPORTED'];
  var COLORS = ['#2e7d32', '#6a9f3a', '#f0a202', '#d9534f', '#7b7b7b'];
  var SVG = 'http://www.w3.org/2000/svg';

  function get(url) {
    return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ': ' + response.status); }
        return response.json();
      });
  }

  function text(cell, value) {
    var td = document.createElement('td');
    td.textContent = value == null ? '' : String(value);
    cell.appendChild(td);
    return td;
  }

  function time(value) {
    return value ? value.substring(11, 19) : '';
  }

  function showDetail(detail) {
    var m = detail.migration;
    var status = document.getElementById('status');
    status.textContent = m.status;
    status.className = 'status ' + m.status;
    document.getElementById('overall-bar').style.width = m.percent + '%';
    document.getElementById('overall-percent').textContent = m.percent + ' %';
    document.getElementById('overall-moved').textContent = m.usersMoved + ' / ' + m.usersToMove;
    detail.steps.forEach(function (step) {
      var row = document.querySelector('tr[data-step="' + step.name + '"]');
      if (!row) { return; }
      row.querySelector('.step-status').textContent = step.status;
      row.querySelector('.fill').style.width = step.percent + '%';
      row.querySelector('.step-line').textContent = step.line || (step.percent + ' %');
      row.querySelector('.step-start').textContent = time(step.start);
      row.querySelector('.step-end').textContent = time(step.end);
    });
    var s = detail.summary;
    document.getElementById('counts-tenants').textContent = JSON.stringify(s.tenantsByVerdict);
    document.getElementById('counts-users').textContent = JSON.stringify(s.usersByStatus);
    document.getElementById('counts-cancellations').textContent = JSON.stringify(s.cancellationsByStatus);
    document.getElementById('counts-rejected').textContent = JSON.stringify(s.rejectedRowsByFile);
    drawVerdicts(s.tenantsByVerdict);
  }

  function drawVerdicts(counts) {
    var svg = document.getElementById('chart-verdicts');
    svg.innerHTML = '';
    var max = Math.max.apply(null, VERDICTS.map(function (v) { return counts[v] || 0; }).concat([1]));
    VERDICTS.forEach(function (verdict, i) {
      var n = counts[verdict] || 0;
      var y = 8 + i * 30;
      var bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('x', 130); bar.setAttribute('y', y);
      bar.setAttribute('width', Math.max(1, 230 * n / max)); bar.setAttribute('height', 20);
      bar.setAttribute('fill', COLORS[i]);
      var label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', 0); label.setAttribute('y', y + 15); label.textContent = verdict;
      var value = document.createElementNS(SVG, 'text');
      value.setAttribute('x', 135 + 230 * n / max); value.setAttribute('y', y + 15); value.textContent = n;
      svg.appendChild(bar); svg.appendChild(label); svg.appendChild(value);
    });
  }

  function drawMoved(samples) {
    var svg = document.getElementById('chart-moved');
    svg.innerHTML = '';
    document.getElementById('no-samples').hidden = samples.length > 0;
    if (samples.length === 0) { return; }
    var t0 = Date.parse(samples[0].at);
    var t1 = Math.max(Date.parse(samples[samples.length - 1].at), t0 + 1000);
    var max = Math.max.apply(null, samples.map(function (s) { return s.usersMoved; }).concat([1]));
    var points = samples.map(function (s) {
      var x = 40 + 350 * (Date.parse(s.at) - t0) / (t1 - t0);
      var y = 140 - 130 * s.usersMoved / max;
      return x.toFixed(1) + ',' + y.toFixed(1);
    }).join(' ');
    var line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', points); line.setAttribute('fill', 'none');
    line.setAttribute('stroke', '#1f5fa8'); line.setAttribute('stroke-width', 2);
    var axis = document.createElementNS(SVG, 'path');
    axis.setAttribute('d', 'M40 10 V140 H390'); axis.setAttribute('stroke', '#999'); axis.setAttribute('fill', 'none');
    var top = document.createElementNS(SVG, 'text');
    top.setAttribute('x', 0); top.setAttribute('y', 16); top.textContent = max;
    var span = document.createElementNS(SVG, 'text');
    span.setAttribute('x', 300); span.setAttribute('y', 156); span.textContent = Math.round((t1 - t0) / 1000) + ' s';
    svg.appendChild(axis); svg.appendChild(line); svg.appendChild(top); svg.appendChild(span);
  }

  var tenantPage = 0;
  function loadTenants(more) {
    tenantPage = more ? tenantPage + 1 : 0;
    var form = new FormData(document.getElementById('tenant-filter'));
    var query = new URLSearchParams(form);
    query.set('page', tenantPage);
    get(api + '/tenants?' + query).then(function (rows) {
      var body = document.querySelector('#tenants tbody');
      if (!more) { body.innerHTML = ''; }
      rows.forEach(function (row) {
        var tr = document.createElement('tr');
        var link = document.createElement('a');
        link.href = '#tenant-users'; link.textContent = row.tenantId; link.className = 'tenant';
        link.addEventListener('click', function () { loadUsers(row.tenantId); });
        var first = document.createElement('td'); first.appendChild(link); tr.appendChild(first);
        text(tr, row.tenantName); text(tr, row.verdict).className = 'verdict ' + row.verdict;
        text(tr, (row.reasons || '').split('|').join(', ')); text(tr, row.remediation);
        body.appendChild(tr);
      });
      document.getElementById('tenants-more').hidden = rows.length < 100;
    });
  }

  function loadUsers(tenantId) {
    get(api + '/tenants/' + encodeURIComponent(tenantId) + '/users').then(function (rows) {
      var panel = document.getElementById('tenant-users');
      panel.hidden = false;
      document.getElementById('tenant-users-id').textContent = tenantId;
      var body = panel.querySelector('tbody');
      body.innerHTML = '';
      rows.forEach(function (row) {
        var tr = document.createElement('tr');
        text(tr, row.userId); text(tr, row.userPrincipalName); text(tr, row.status);
        text(tr, row.detail); text(tr, row.batch);
        body.appendChild(tr);
      });
    });
  }

  function loadRejects() {
    get(api + '/rejects').then(function (rows) {
      var body = document.querySelector('#rejects tbody');
      body.innerHTML = '';
      rows.forEach(function (row) {
        var tr = document.createElement('tr');
        text(tr, row.file); text(tr, row.line); text(tr, row.reason); text(tr, row.record).className = 'record';
        body.appendChild(tr);
      });
    });
  }

  function refresh() {
    get(api).then(function (detail) {
      var running = RUNNING.indexOf(detail.migration.status) >= 0;
      if (!running && RUNNING.indexOf(main.dataset.status) >= 0) {
        // it ended while shown: the page again, with its reports, actions and audit trail
        location.reload();
        return;
      }
      showDetail(detail);
      get(api + '/samples').then(drawMoved);
      if (running) {
        setTimeout(refresh, 1000);
      }
    }).catch(function () { setTimeout(refresh, 3000); });
  }

  document.getElementById('tenant-filter').addEventListener('submit', function (event) {
    event.preventDefault();
    loadTenants(false);
  });
  document.getElementById('tenants-more').addEventListener('click', function () { loadTenants(true); });
  refresh();
  loadTenants(false);
  loadRejects();
})();
