/**
 * CSS lint, part of `npm run lint`: the standard config's checks for mistakes (an unclosed block,
 * which otherwise swallows every rule after it without a word; unknown properties, units and
 * pseudo-classes; invalid hex colours; duplicate properties and selectors). Rules about notation
 * and spacing are off: they would restyle every sheet without catching a bug.
 */
const config = {
  extends: ["stylelint-config-standard"],
  ignoreFiles: ["node_modules/**", ".next*/**", "coverage/**", "test-results/**", "playwright-report/**"],
  rules: {
    "alpha-value-notation": null,
    "at-rule-empty-line-before": null,
    "color-function-notation": null,
    "comment-whitespace-inside": null,
    "declaration-block-no-redundant-longhand-properties": null,
    "font-family-name-quotes": null,
    "hue-degree-notation": null,
    "import-notation": null,
    "keyframes-name-pattern": null,
    "length-zero-no-unit": null,
    "lightness-notation": null,
    "number-max-precision": null,
    "selector-attribute-quotes": null,
    "selector-id-pattern": null,
    "selector-not-notation": null,
    "selector-pseudo-element-colon-notation": null,
    "shorthand-property-no-redundant-values": null,
    "color-hex-length": null,
    "comment-empty-line-before": null,
    "custom-property-pattern": null,
    "declaration-empty-line-before": null,
    "selector-class-pattern": null,
    "custom-property-empty-line-before": null,
    "declaration-block-single-line-max-declarations": null,
    "media-feature-range-notation": null,
    "rule-empty-line-before": null,
    "value-keyword-case": null,
    // Cascade order between global sheets is deliberate (a hover state after its base, a context after both).
    "no-descending-specificity": null,
    // Safari still needs the prefix; clip is the fallback in the visually-hidden pattern.
    "property-no-vendor-prefix": [true, { ignoreProperties: ["/text-size-adjust$/"] }],
    "property-no-deprecated": [true, { ignoreProperties: ["clip"] }],
  },
};

export default config;
