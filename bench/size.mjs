// Everything the page downloads until its sign-in form is ready (npm run build first).
//   node bench/size.mjs
import { measurePage } from './page-size.mjs';
import { launchChromium } from '../tests/e2e/support.mjs';

const browser = await launchChromium();
try {
  const { files, total } = await measurePage(browser);
  console.log('| file | raw | gzip | brotli |\n| --- | ---: | ---: | ---: |');
  for (const f of files) console.log(`| ${f.url} | ${f.raw} | ${f.gzip} | ${f.brotli} |`);
  console.log(`| total | ${total.raw} | ${total.gzip} | ${total.brotli} |`);
} finally {
  await browser.close();
}
