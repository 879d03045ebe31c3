/* sphinx-innersource: a category map wider than its box opens scrolled to
 * its middle, where its root is (without JavaScript it opens at its left
 * edge).  Linked only from the pages that have a drawing. */
document.addEventListener("DOMContentLoaded", function () {
  var boxes = document.querySelectorAll(".innersource-pattern-map .innersource-graph-drawing");
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].scrollLeft = (boxes[i].scrollWidth - boxes[i].clientWidth) / 2;
  }
});
