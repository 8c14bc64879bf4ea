/**
 * What a tenant or charger id in a charger URL may look like: the same rule as the CloudFront Function
 * (lib/cloudfront/ocpp-path-rewrite.js, which cannot import it). Provisioning is stricter (see the API
 * schemas), so every charger we create can connect.
 */
export const urlIdPattern = /^[A-Za-z0-9._~-]{1,64}$/;

export const isUrlId = (value: string): boolean => urlIdPattern.test(value) && !/^\.+$/.test(value);
