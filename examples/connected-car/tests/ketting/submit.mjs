// ketting (the HAL and HAL-FORMS client) creates a monitor through connected-car's own form:
// from the root it follows `fleet` and `monitors`, reads the collection's HAL-FORMS
// template and submits it as ketting submits any form, with the template's flat property
// names and a JSON textarea's text. Prints the answer's state; exits 1 on any failure.
//   node submit.mjs ROOT_URL FLEET_ID WEBHOOK_URL
import ketting from 'ketting';

const { Client } = ketting;
const [root, fleet, webhook] = process.argv.slice(2);
const client = new Client(root);
// The demo's development mode names the caller's fleet by a header.
client.use((request, next) => {
  request.headers.set('X-Fleet-Id', fleet);
  return next(request);
});

try {
  const resource = await client.go().follow('fleet').follow('monitors');
  const monitors = await resource.get();
  const form = monitors.action('default');
  const answer = await form.submit({
    label: 'Leaving Paris too fast (ketting)',
    'subscribeParam.callback.webhook.target': webhook,
    'triggerParam.triggers': JSON.stringify([
      {name: 'fast', data: {data: 'vehicle.kinetic.speed', op: 'greaterThan', value: [130]}},
    ]),
    'triggerParam.boolExp': 'fast',
  });
  console.log(JSON.stringify({method: form.method, uri: form.uri, data: answer.data}));
} catch (error) {
  console.error(`ketting could not submit the form: ${error.stack ?? error}`);
  if (error.body) console.error(JSON.stringify(error.body));
  process.exit(1);
}
