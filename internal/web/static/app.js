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
