// Progress of a running import: poll its state and reload the page when it
// is done. The page works without this (a reload link).
(function () {
  var box = document.getElementById('import-progress');
  if (!box) return;
  var url = box.getAttribute('data-poll');
  function poll() {
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (imp) {
      if (imp.status !== 'processing' && imp.status !== 'committing') { window.location.reload(); return; }
      var p = imp.progress, bar = box.querySelector('progress'), text = box.querySelector('.progress-text');
      if (p && bar) { bar.max = p.total; bar.value = p.done; }
      if (p && text) { text.textContent = p.done.toLocaleString('vi-VN') + '/' + p.total.toLocaleString('vi-VN') + ' dòng'; }
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
