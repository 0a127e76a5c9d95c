/** SBOM writers: CycloneDX 1.5 JSON. */
export {
  cyclonedxBom,
  imagePurl,
  type CycloneDxBom,
  type CycloneDxComponent,
  type CycloneDxImage,
  type CycloneDxInput,
  type CycloneDxVulnerability,
} from './cyclonedx.js';
