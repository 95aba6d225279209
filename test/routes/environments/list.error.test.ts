import { describeRoute, itRejectsBadPaging } from '../fixtures-principals.js';

describeRoute('GET /org/v2/environments errors', (ctx) => {
  itRejectsBadPaging(ctx, '/org/v2/environments');
});
