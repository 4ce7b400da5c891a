// Runs the draw verifier (Rust compiled to wasm) off the page's thread, so
// the page stays responsive while the optimisation re-runs. One message in:
// {name, dataUrl, extra}; messages out: {progress} (0 to 1) while it works,
// then {report} (the verifier's JSON) or {error}.
import init, * as verifier from "/verifier/verifier.js";

self.onmessage = async (event) => {
  const { name, dataUrl, extra } = event.data;
  try {
    const [response] = await Promise.all([fetch(dataUrl), init()]);
    if (!response.ok) throw new Error(dataUrl + ": HTTP " + response.status);
    const data = await response.text();
    // The engine reports often; the page needs a new figure per percent.
    let shown = -1;
    const progress = (fraction) => {
      const percent = Math.floor(fraction * 100);
      if (percent !== shown) {
        shown = percent;
        self.postMessage({ progress: fraction });
      }
    };
    // Functions taking fewer arguments ignore the extra ones.
    const report = name === "verify_record"
      ? verifier.verify_record(data, progress)
      : verifier[name](data, extra);
    self.postMessage({ report });
  } catch (error) {
    self.postMessage({ error: String(error && error.message ? error.message : error) });
  }
};
