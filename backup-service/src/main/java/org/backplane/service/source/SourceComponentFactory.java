package org.backplane.service.source;

/**
 * Builds {@link SourceComponent}s of one type from configuration. Each adapter subpackage
 * registers one as a bean. The registry binds {@code backplane.components.<name>.*} to
 * {@link #propertiesType()} and rejects keys the record does not have, so a typo fails
 * start-up.
 *
 * @param <P> the adapter's properties record, e.g. {@code DirectorySourceProperties}; it
 * must have a {@code type} and a {@code restorePolicy} component
 */
public interface SourceComponentFactory<P> {

	/**
	 * The type name used in configuration, e.g. {@code directory}.
	 * @return the type
	 */
	String type();

	/**
	 * The properties record bound from {@code backplane.components.<name>}.
	 * @return the record class
	 */
	Class<P> propertiesType();

	/**
	 * Creates a component. Checks the properties and fails with a message naming the key
	 * and the rule.
	 * @param name the component's name
	 * @param properties the bound properties
	 * @return the component
	 * @throws IllegalArgumentException if a property is invalid
	 */
	SourceComponent create(String name, P properties);

}
