/* Indicator charts: each <canvas data-donnees="id"> reads its data from the json_script element
   with that id (no inline script, CSP-friendly). The table next to the chart holds the same data. */
(function () {
  "use strict";

  var BLEU = "#1d4e89";
  var VERT = "#1f7a4d";
  var formatNombre = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

  function dessiner(canvas) {
    var source = document.getElementById(canvas.dataset.donnees);
    if (!source || typeof Chart === "undefined" || canvas.dataset.dessine) {
      return;
    }
    var donnees = JSON.parse(source.textContent);
    var unite = donnees.unite ? " " + donnees.unite : "";
    var calme = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    canvas.dataset.dessine = "oui";
    new Chart(canvas, {
      type: "line",
      data: {
        labels: donnees.dates,
        datasets: [
          {
            label: donnees.libelle,
            data: donnees.valeurs,
            borderColor: BLEU,
            backgroundColor: BLEU,
            pointStyle: "circle",
            pointRadius: 4,
            tension: 0
          },
          {
            label: "Cible",
            data: donnees.dates.map(function () { return donnees.cible; }),
            borderColor: VERT,
            backgroundColor: VERT,
            borderDash: [8, 4],
            pointStyle: "rectRot",
            pointRadius: 0
          }
        ]
      },
      options: {
        locale: "fr-FR",
        animation: calme ? false : undefined,
        maintainAspectRatio: false,
        plugins: {
          legend: { labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: function (contexte) {
                return contexte.dataset.label + " : " + formatNombre.format(contexte.parsed.y) + unite;
              }
            }
          }
        },
        scales: {
          y: {
            beginAtZero: Math.min(donnees.cible, donnees.valeur_initiale) >= 0,
            ticks: { callback: function (valeur) { return formatNombre.format(valeur); } }
          }
        }
      }
    });
  }

  function dessinerTout() {
    document.querySelectorAll("canvas[data-donnees]").forEach(dessiner);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", dessinerTout);
  } else {
    dessinerTout();
  }
})();
