"""A person with a real browser: Debian's chromium, headless, driven through chromium-driver by
Selenium (pinned in requirements.txt). authhelper starts it as $BROWSER with the authorization
address as its last argument:

    BROWSER="python chromium_person.py --log FILE [--deny]" authhelper login --browser …

It opens the address, logs in on django-oauth-toolkit's login page (demo / demo-password),
presses Authorize (or Cancel with --deny), and waits until the browser shows authhelper's page at
the loopback redirect. authhelper starts browsers with /dev/null for their output, so what
happened goes to --log: one line per step, the last `done: <the page's text>` or `failed: …`.
"""
import argparse
import sys
import traceback

parser = argparse.ArgumentParser()
parser.add_argument("--log", required=True)
parser.add_argument("--deny", action="store_true")
parser.add_argument("url")
args = parser.parse_args()
log = open(args.log, "a", buffering=1)

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        wait = WebDriverWait(driver, 30)
        driver.get(args.url)
        log.write(f"opened: {driver.current_url.split('?')[0]}\n")
        wait.until(expected_conditions.presence_of_element_located((By.NAME, "username")))
        driver.find_element(By.NAME, "username").send_keys("demo")
        driver.find_element(By.NAME, "password").send_keys("demo-password")
        driver.find_element(By.ID, "log-in").click()
        log.write("logged in\n")
        wait.until(expected_conditions.presence_of_element_located((By.ID, "authorizationForm")))
        button = "input[type=submit]:not([name=allow])" if args.deny else "input[name=allow]"
        driver.find_element(By.CSS_SELECTOR, button).click()
        log.write("denied\n" if args.deny else "authorized\n")
        wait.until(lambda d: d.current_url.startswith("http://127.0.0.1:") and "/callback" in d.current_url)
        wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "p")))
        log.write(f"done: {driver.find_element(By.TAG_NAME, 'body').text}\n")
    finally:
        driver.quit()
except Exception:
    log.write("failed: " + traceback.format_exc().replace("\n", " | ") + "\n")
    sys.exit(1)
