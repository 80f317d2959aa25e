// A little help where it matters, none needed: every form works without it.
// Buttons marked data-confirm ask before removing something.
document.addEventListener('submit', function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});
