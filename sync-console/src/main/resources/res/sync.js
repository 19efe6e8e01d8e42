/* The "Sync" page: polls data.json every second and redraws each section; nothing is kept between polls. */
(function () {
  'use strict';
  var root = document.getElementById('fs-sync').getAttribute('data-root');
  var STAGES = ['initializing', 'serializing', 'queuing', 'transferring', 'dequeuing', 'deserializing', 'cleanup'];

  function esc(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function num(n) { return Number(n).toLocaleString('en-US'); }
  function bytes(n) {
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }
  function duration(ms) {
    if (ms < 0) { return '–'; }
    var s = Math.round(ms / 1000);
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ' + (s % 60) + ' s'; }
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }
  function when(iso) {
    var d = new Date(iso), ago = (Date.now() - d.getTime()) / 1000;
    var rel = ago < 60 ? Math.max(0, Math.round(ago)) + ' s ago' : ago < 3600 ? Math.round(ago / 60) + ' min ago'
      : ago < 86400 ? Math.round(ago / 3600) + ' h ago' : Math.round(ago / 86400) + ' d ago';
    return '<span title="' + esc(d.toLocaleString()) + '">' + rel + '</span>';
  }
  function badge(outcome) { return '<span class="fs-badge fs-' + esc(outcome) + '">' + esc(outcome) + '</span>'; }
  function id(text) { return '<span class="fs-id" title="' + esc(text) + '">' + esc(String(text).slice(0, 8)) + '…</span>'; }
  function table(headers, rows, empty) {
    if (!rows.length) { return '<div class="fs-empty">' + esc(empty) + '</div>'; }
    return '<table class="fs-table"><thead><tr>' + headers.map(function (h) {
      return '<th' + (h.charAt(0) === '#' ? ' class="fs-num-cell">' + esc(h.slice(1)) : '>' + esc(h)) + '</th>';
    }).join('') + '</tr></thead><tbody>' + rows.map(function (r) { return '<tr>' + r.join('') + '</tr>'; }).join('')
      + '</tbody></table>';
  }
  function td(html, cls) { return '<td' + (cls ? ' class="' + cls + '"' : '') + '>' + html + '</td>'; }
  function set(elementId, html) { var e = document.getElementById(elementId); if (e.innerHTML !== html) { e.innerHTML = html; } }
  function count(elementId, n) {
    var e = document.getElementById(elementId); e.textContent = num(n); e.classList.toggle('fs-nonzero', n > 0);
  }

  function progress(t) {
    var pct = t.recordsTotal > 0 ? Math.min(100, 100 * t.records / t.recordsTotal) : 0;
    var stages = STAGES.map(function (s, i) {
      return '<span title="' + s + '" class="' + (i < t.stageIndex ? 'fs-done' : i === t.stageIndex ? 'fs-now' : '') + '"></span>';
    }).join('');
    return '<div class="fs-progress" role="progressbar" aria-valuemin="0" aria-valuemax="' + t.recordsTotal
      + '" aria-valuenow="' + t.records + '" data-transfer="' + esc(t.id) + '"><div class="fs-bar" style="width:'
      + pct.toFixed(1) + '%"></div><div class="fs-bar-text">' + num(t.records) + ' / '
      + (t.recordsTotal > 0 ? num(t.recordsTotal) : '?') + ' records (' + pct.toFixed(0) + '%)</div></div>'
      + '<div class="fs-stages">' + stages + '</div>';
  }

  function chart(points) {
    if (!points.length) { return '<div class="fs-empty">no completed transfers in the window yet</div>'; }
    var w = 900, h = 180, left = 56, bottom = 24, top = 10;
    var max = Math.max.apply(null, points.map(function (p) { return p.rate; })) * 1.1 || 1;
    var t0 = new Date(points[0].at).getTime(), t1 = new Date(points[points.length - 1].at).getTime();
    var span = Math.max(1, t1 - t0);
    var x = function (p, i) {
      return points.length === 1 ? left + (w - left) / 2
        : left + 10 + (w - left - 20) * (t1 > t0 ? (new Date(p.at).getTime() - t0) / span : i / (points.length - 1));
    };
    var y = function (v) { return top + (h - top - bottom) * (1 - v / max); };
    var svg = '<svg viewBox="0 0 ' + w + ' ' + h + '" width="100%" height="' + h + '" role="img" aria-label="records per second">';
    for (var g = 0; g <= 4; g++) {
      var v = max * g / 4, gy = y(v);
      svg += '<line x1="' + left + '" x2="' + w + '" y1="' + gy + '" y2="' + gy + '" stroke="#e4e7eb"/>'
        + '<text x="' + (left - 6) + '" y="' + (gy + 3) + '" text-anchor="end">' + num(Math.round(v)) + '</text>';
    }
    svg += '<text x="' + left + '" y="' + (h - 6) + '">' + esc(new Date(t0).toLocaleString()) + '</text>'
      + '<text x="' + w + '" y="' + (h - 6) + '" text-anchor="end">' + esc(new Date(t1).toLocaleString()) + '</text>';
    var path = points.map(function (p, i) { return (i ? 'L' : 'M') + x(p, i).toFixed(1) + ' ' + y(p.rate).toFixed(1); }).join(' ');
    svg += '<path d="' + path + '" fill="none" stroke="#9fb3c8" stroke-width="1"/>';
    points.forEach(function (p, i) {
      svg += '<circle cx="' + x(p, i).toFixed(1) + '" cy="' + y(p.rate).toFixed(1) + '" r="4" fill="'
        + (p.direction === 'push' ? '#f0b429' : '#2680c2') + '"><title>' + esc(p.direction + ' with ' + p.peer + ': '
        + num(p.records) + ' records at ' + num(Math.round(p.rate)) + ' records/s, ' + new Date(p.at).toLocaleString())
        + '</title></circle>';
    });
    return svg + '</svg><div class="fs-sub"><span style="color:#2680c2">●</span> pull &nbsp; <span style="color:#f0b429">●</span> push</div>';
  }

  function render(d) {
    count('fs-n-facilities', d.facilities.length);
    count('fs-n-inflight', d.inFlight.length);
    count('fs-n-peers', d.peers.length);
    count('fs-n-failures', d.failures.length);
    count('fs-n-jobs', d.jobs.filter(function (j) { return j.state === 'running'; }).length);
    document.getElementById('fs-updated').textContent = new Date(d.now).toLocaleTimeString();

    set('fs-inflight', table(['Transfer', 'Peer', 'Direction', 'Stage', 'Progress', '#Rate', '#ETA', 'Started'],
      d.inFlight.map(function (t) {
        return [td(id(t.id)), td(esc(t.peer)), td(esc(t.direction) + ' · ' + esc(t.role)),
          td(esc(t.stage) + ' <span class="fs-badge">' + esc(t.status) + '</span>'), td(progress(t)),
          td(num(Math.round(t.rate)) + ' rec/s', 'fs-num-cell'),
          td(t.etaSeconds >= 0 ? duration(t.etaSeconds * 1000) : '–', 'fs-num-cell'), td(when(t.started))];
      }), 'nothing is syncing right now'));

    set('fs-chart', chart(d.history));

    set('fs-peers', table(['Peer', 'Last sync', 'Direction', '#Records', '#Bytes', '#Duration', 'Outcome', '#Transfers'],
      d.peers.map(function (p) {
        return [td(esc(p.peer)), td(when(p.lastActivity)), td(esc(p.direction) + ' · ' + esc(p.role)),
          td(num(p.records), 'fs-num-cell'), td(bytes(p.bytes), 'fs-num-cell'), td(duration(p.durationMillis), 'fs-num-cell'),
          td(badge(p.outcome)), td(num(p.transfers), 'fs-num-cell')];
      }), 'no peer has synced with this node yet'));

    set('fs-failures', table(['When', 'Transfer', 'Peer', 'Stage', 'Error', 'Resume'], d.failures.map(function (f) {
      return [td(when(f.lastActivity)), td(id(f.id)), td(esc(f.peer)), td(esc(f.stage)), td(esc(f.error), 'fs-error'),
        td(f.resume ? '<code class="fs-cmd">' + esc(f.resume) + '</code>' : '<span class="fs-sub">the client resumes</span>')];
    }), 'no failures'));

    set('fs-jobs', table(['Transfer', 'Stage', 'State', 'Since', 'Error'], d.jobs.map(function (j) {
      return [td(id(j.transfer)), td(esc(j.stage)), td(badge(j.state === 'failed' ? 'failed' : j.state === 'completed'
        ? 'completed' : 'running').replace('>running<', '>' + esc(j.state) + '<')), td(when(j.since)), td(esc(j.error), 'fs-error')];
    }), 'no background jobs (sync extras runs long server-side stages as jobs when switched on)'));

    set('fs-pipeline', '<div class="fs-stage-grid">' + d.pipeline.stages.map(function (s) {
      return '<div class="fs-stage"><h3>' + esc(s.stage) + '</h3>' + (s.operations.length ? s.operations.map(op).join('')
        : '<div class="fs-error">no operation: syncs fail here</div>') + '</div>';
    }).join('') + '<div class="fs-stage"><h3>hooks</h3>' + (d.pipeline.hooks.length ? d.pipeline.hooks.map(op).join('')
      : '<div class="fs-empty">none</div>') + '</div></div>');

    set('fs-bundles', table(['#Id', 'Bundle', 'Version', 'State', ''], d.bundles.map(function (b) {
      return [td(b.id, 'fs-num-cell'), td(esc(b.symbolicName)), td(esc(b.version)), td(badge(b.active ? 'completed' : 'ended')
        .replace(/>(completed|ended)</, '>' + esc(b.state) + '<')),
        td('<button class="fs-btn ' + (b.active ? 'fs-stop' : 'fs-start') + '" data-bundle="' + b.id + '" data-action="'
          + (b.active ? 'stop' : 'start') + '">' + (b.active ? 'Stop' : 'Start') + '</button>')];
    }), 'no plugin bundles'));

    set('fs-facilities', table(['Name', 'Dataset', 'Facility', '#Users'], d.facilities.map(function (f) {
      return [td(esc(f.name)), td('<span class="fs-id">' + esc(f.datasetId) + '</span>'),
        td('<span class="fs-id">' + esc(f.facilityId) + '</span>'), td(num(f.users), 'fs-num-cell')];
    }), 'this node holds no facility yet'));

    set('fs-certificates', table(['Certificate', 'Parent', 'Scope', 'Parameters', 'Private key'], d.certificates.map(function (c) {
      return [td('<span class="fs-id">' + esc(c.id) + '</span>'), td(c.parentId ? id(c.parentId) : '<span class="fs-sub">root</span>'),
        td(esc(c.scope)), td(esc(Object.keys(c.params).map(function (k) { return k + '=' + c.params[k]; }).join(', '))),
        td(c.privateKey ? badge('completed').replace('>completed<', '>held<') : '<span class="fs-sub">no</span>')];
    }), 'no certificates'));
  }

  function op(e) {
    return '<div class="fs-op"><div><div class="fs-cls">' + esc(e.className.replace(/^.*\./, '')) + '</div><div class="fs-bnd">'
      + esc(e.bundle) + (e.bundleId >= 0 ? ' [' + e.bundleId + ']' : '') + '</div></div><div class="fs-prio" title="priority">'
      + (e.priority === 2147483647 ? 'max' : e.priority === -2147483648 ? 'engine' : esc(e.priority)) + '</div></div>';
  }

  document.getElementById('fs-sync').addEventListener('click', function (event) {
    var button = event.target.closest('button[data-bundle]');
    if (!button) { return; }
    button.disabled = true;
    var body = 'id=' + encodeURIComponent(button.getAttribute('data-bundle')) + '&action='
      + encodeURIComponent(button.getAttribute('data-action'));
    fetch(root + '/bundle', {method: 'POST', credentials: 'same-origin', body: body,
      headers: {'Content-Type': 'application/x-www-form-urlencoded'}})
      .then(function (r) { return r.json(); })
      .then(function (r) { if (r.error) { alert(r.error); } poll(); });
  });

  function poll() {
    fetch(root + '/data.json', {credentials: 'same-origin', cache: 'no-store'})
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render)
      .catch(function (e) { document.getElementById('fs-updated').textContent = 'not updated: ' + e.message; });
  }
  poll();
  setInterval(poll, 1000);
}());
