// Progressive enhancement only: every page works without this file.
document.addEventListener('submit', function (ev) {
  var msg = ev.target.getAttribute && ev.target.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) ev.preventDefault();
});
document.addEventListener('click', function (ev) {
  if (ev.target.matches && ev.target.matches('[data-back]')) { ev.preventDefault(); history.back(); }
});
(function () {
  var kind = document.querySelector('select[data-kind]');
  var gov = document.querySelector('[data-governance]');
  if (!kind || !gov) return;
  function sync() { gov.hidden = kind.value === 'THT'; }
  kind.addEventListener('change', sync);
  sync();
})();
(function () {
  // On a wide screen the extra filters start open.
  var d = document.querySelector('details[data-collapse-small]');
  if (d && window.matchMedia('(min-width: 900px)').matches) d.open = true;
})();
(function () {
  // The phone menu: close it with Escape, and say whether it is open.
  var t = document.getElementById('menu-toggle');
  var b = document.querySelector('.menu-button');
  if (!t || !b) return;
  function sync() { b.setAttribute('aria-expanded', t.checked ? 'true' : 'false'); }
  t.addEventListener('change', sync);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && t.checked) { t.checked = false; sync(); b.focus(); } });
  sync();
})();
(function () {
  // After a save the page opens at the section saved (#positions…): show
  // the outcome there, where the eye is, not at the top of the page.
  if (!location.hash) return;
  var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!target) return;
  var notes = document.querySelectorAll('main > .flash, main > .error[role=alert], main .head-row ~ .error[role=alert]');
  if (!notes.length) return;
  var anchor = target.querySelector('h2') || target.firstElementChild;
  for (var i = notes.length - 1; i >= 0; i--) {
    var n = notes[i];
    if (target.contains(n)) continue;
    if (anchor && anchor.parentNode === target) anchor.insertAdjacentElement('afterend', n);
    else target.insertAdjacentElement('afterbegin', n);
  }
  target.scrollIntoView();
})();
(function () {
  // A form marked data-keep-typed (the report's narrative) warns before
  // what was typed into it is left behind unsaved: when another form on
  // the page is sent (a reply, a comment) or the page is left.
  if (!document.querySelector('form[data-keep-typed]')) return;
  var dirty = [], leaving = false;
  document.addEventListener('input', function (ev) {
    var f = ev.target.form;
    if (f && f.hasAttribute('data-keep-typed') && dirty.indexOf(f) < 0) dirty.push(f);
  });
  document.addEventListener('submit', function (ev) {
    var f = ev.target;
    if (dirty.length && dirty.indexOf(f) < 0 &&
        !window.confirm('Nội dung báo cáo bạn đang sửa chưa được lưu và sẽ mất nếu tiếp tục. Bấm “Huỷ” để quay lại và lưu trước.')) {
      ev.preventDefault();
      return;
    }
    leaving = true;
  }, true);
  window.addEventListener('beforeunload', function (ev) {
    if (dirty.length && !leaving) { ev.preventDefault(); ev.returnValue = ''; }
  });
})();
