import { describeRoute, itRejectsBadPaging } from '../fixtures-principals.js';

describeRoute('GET /iam/v2/users errors', (ctx) => {
  itRejectsBadPaging(ctx, '/iam/v2/users');
});
