/**
 * The playground's stylesheet: plain CSS, readable at any width, visible focus, no external fonts.
 */

/** The stylesheet served at `/playground/app.css`. */
export const css = `
:root { color-scheme: light dark; --accent: #2457c5; --muted: #6b7280; --border: #c8ccd4; --danger: #b42318; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; padding: 0 1rem 3rem; max-width: 72rem; margin-inline: auto; }
header { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; border-bottom: 1px solid var(--border); margin-bottom: 1rem; }
header h1 { font-size: 1.4rem; margin: 0.8rem 0; }
header nav a { color: var(--accent); }
fieldset { border: 1px solid var(--border); border-radius: 6px; margin: 0 0 1rem; padding: 0.6rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 0.3rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0.6rem 1rem; }
label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9rem; }
label.inline { flex-direction: row; align-items: center; gap: 0.4rem; }
input, select, textarea, button { font: inherit; }
input, select, textarea { padding: 0.35rem 0.45rem; border: 1px solid var(--border); border-radius: 4px; min-width: 0; }
textarea { min-height: 7rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
button { padding: 0.4rem 0.9rem; border-radius: 4px; border: 1px solid var(--accent); background: transparent; color: var(--accent); cursor: pointer; }
button.primary { background: var(--accent); color: #fff; }
button:disabled { opacity: 0.55; cursor: progress; }
.hint { color: var(--muted); font-size: 0.85rem; margin: 0.2rem 0 0.6rem; }
table.rows { border-collapse: collapse; width: 100%; margin-bottom: 0.5rem; }
table.rows th { text-align: left; font-weight: 600; font-size: 0.85rem; padding: 0.2rem 0.4rem; }
table.rows td { padding: 0.2rem 0.4rem; }
table.rows td select, table.rows td input { width: 100%; }
.actions { display: flex; gap: 0.8rem; flex-wrap: wrap; margin: 1rem 0; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
#status { font-weight: 600; }
#status[data-state="failed"], #error { color: var(--danger); }
#status[data-state="succeeded"] { color: var(--ok); }
dl.counters { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: 0.4rem 1rem; margin: 0.5rem 0; }
dl.counters div { border: 1px solid var(--border); border-radius: 4px; padding: 0.3rem 0.5rem; }
dl.counters dt { font-size: 0.8rem; color: var(--muted); }
dl.counters dd { margin: 0; font-size: 1.2rem; font-variant-numeric: tabular-nums; }
pre { background: rgba(127, 127, 127, 0.1); padding: 0.6rem; border-radius: 4px; overflow: auto; max-height: 24rem; font-size: 0.85rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
`
