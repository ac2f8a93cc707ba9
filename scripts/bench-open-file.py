"""Browser benchmark: a user's file opened through the address (`?data=NAME`) in the built app,
cold, in headless Chromium. Prints a Markdown table per file: navigation → file shown (the
page's 「…を読み込みました」), the longest main-thread task meanwhile (long-task observer), how
many tasks over 50 ms, the renderer's peak resident memory (VmHWM; the page's workers run in
the same process) and the page's status. Nothing is asserted; compare within one run.

    trunk build --release
    scripts/python-setup.sh --bench           # once: selenium in .tools/venv
    .tools/venv/bin/python scripts/bench-open-file.py dist FILE [FILE ...] [--runs N]

Each FILE is copied beside a copy of dist/ in the temp dir (the app opens same-origin files
only); e.g. the peers' data (`../shared/bench/peers/make_data.py`) written as Parquet with
pyarrow.
"""
import argparse, glob, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,900"]
LONG_TASKS = ("window.__long=[];new PerformanceObserver(l=>{for(const e of l.getEntries())"
              "window.__long.push(e.duration)}).observe({type:'longtask',buffered:true});")
STATUS = ("const s=document.querySelector('[data-testid=file-status]');"
          "const e=document.querySelector('[data-testid=file-error]');"
          "return [s?s.textContent:'', e?e.textContent:''];")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def renderer_peak_mb(driver_pid):
    """The largest VmHWM of the Chromium renderers started under this chromedriver."""
    parents = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                parents[int(stat.split("/")[2])] = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            pass

    def under_driver(pid):
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == driver_pid:
                return True
        return False

    peak_kb = 0
    for pid in parents:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"--type=renderer" not in f.read() or not under_driver(pid):
                    continue
            with open(f"/proc/{pid}/status") as f:
                peak_kb = max(peak_kb, int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)))
        except (OSError, AttributeError):
            pass
    return peak_kb / 1024


def open_once(port, name):
    options = Options()
    for flag in FLAGS + [f"--user-data-dir={tempfile.mkdtemp()}"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONG_TASKS})
        driver.get(f"http://127.0.0.1:{port}/index.html?data={name}")
        started = time.time()
        status, error = "", ""
        while time.time() - started < 600 and "を読み込みました" not in status and not error:
            time.sleep(0.05)
            status, error = driver.execute_script(STATUS)
        shown_ms = driver.execute_script("return performance.now()")
        long_tasks = driver.execute_script("return window.__long")
        return {"shown_ms": shown_ms, "longest_ms": max(long_tasks, default=0),
                "long_tasks": len(long_tasks), "rss_mb": renderer_peak_mb(driver.service.process.pid),
                "status": (error or status)[:120]}
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dist")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    served = tempfile.mkdtemp(prefix="renkei-bench-")
    shutil.copytree(args.dist, served, dirs_exist_ok=True)
    for path in args.files:
        shutil.copy(path, served)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                              cwd=served, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        print("| file | MB | opened → shown ms | longest main-thread task ms | tasks > 50 ms | renderer peak RSS MB | page says |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for path in args.files:
            name = os.path.basename(path)
            runs = [open_once(port, name) for _ in range(args.runs)]
            median = lambda key: round(statistics.median(run[key] for run in runs))
            megabytes = os.path.getsize(path) / 1_048_576
            print(f"| {name} | {megabytes:.1f} | {median('shown_ms')} | {median('longest_ms')} | "
                  f"{median('long_tasks')} | {median('rss_mb')} | {runs[-1]['status']} |")
            print(json.dumps(runs, ensure_ascii=False), file=sys.stderr)
    finally:
        server.terminate()
        shutil.rmtree(served, ignore_errors=True)


if __name__ == "__main__":
    main()
