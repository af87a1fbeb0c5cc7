'use strict';
/**
 * bench/cluster-results.json keeps every run by label (default: the git commit), and within a label
 * by worker count: a run with 1 worker must not replace the figures a run with 2 workers left under
 * the same label (it did, when a label held one run). A rerun of the same worker count replaces
 * only that worker count.
 */
function keepRun(all, { label, generatedAt, settings, byWorkers }) {
  const runs = { ...((all && all.runs) || {}) };
  const kept = runs[label] && runs[label].byWorkers ? { ...runs[label], byWorkers: { ...runs[label].byWorkers } } : { byWorkers: {} };
  for (const [workers, figures] of Object.entries(byWorkers)) kept.byWorkers[workers] = { generatedAt, settings, ...figures };
  runs[label] = { ...kept, generatedAt, settings };
  return { ...all, runs };
}

module.exports = { keepRun };
