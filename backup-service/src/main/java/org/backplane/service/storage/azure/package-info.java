/**
 * The {@code azure} storage adapter for Azure Blob storage (and Azurite), over the Azure
 * Storage Blob SDK with the JDK HTTP client. The only package that imports the Azure
 * SDKs.
 */
package org.backplane.service.storage.azure;
