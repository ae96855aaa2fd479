/* Deep links land below the sticky header: keeps the CSS variable --header-height equal to its height (the navigation wraps on narrow screens). */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  if (!header) return;
  var root = document.documentElement;
  function measure() {
    root.style.setProperty("--header-height", header.getBoundingClientRect().height + "px");
  }
  measure();
  if (window.ResizeObserver) new ResizeObserver(measure).observe(header);
  // The browser scrolled to the link's target before the height was known: scroll again, now below the header.
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) target.scrollIntoView();
})();
