// Lighthouse (snapshot mode) on the comment form after a post without an email: the error state is the
// answer to a POST, which the lighthouse command cannot reach. Run by scripts/lighthouse-accessibility.sh,
// which copies this file next to its lighthouse installation.
// Usage: node lighthouse-comment-form.mjs BASE_URL REPORT_PATH mobile|desktop
import puppeteer from 'puppeteer-core';
import {desktopConfig, snapshot} from 'lighthouse';

const [base, reportPath, formFactor] = process.argv.slice(2);
const desktop = formFactor === 'desktop';
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu']});
try {
  const page = await browser.newPage();
  await page.setViewport(desktop ? {width: 1280, height: 800} : {width: 375, height: 812, isMobile: true, hasTouch: true});
  await page.goto(base + reportPath);
  await page.type('#id_comment', 'Xin hỏi kế hoạch năm 2020 có thêm buổi đối thoại ở xã không?');
  await page.type('#id_name', 'Nguyễn Văn An');
  await new Promise(resolve => setTimeout(resolve, 3500));  // the form refuses posts sent faster than a person types
  await Promise.all([page.waitForNavigation(), page.click('button[name=post]')]);
  const {lhr} = await snapshot(page, {
    config: desktop ? desktopConfig : undefined,
    flags: {onlyCategories: ['accessibility'], formFactor: desktop ? 'desktop' : 'mobile', screenEmulation: {disabled: true}},
  });
  const failing = Object.values(lhr.audits).filter(a => a.score !== null && a.score < 1).map(a => a.id);
  console.log(`${Math.round(lhr.categories.accessibility.score * 100)} ${failing.join(',')}`);
} finally {
  await browser.close();
}
