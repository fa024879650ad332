package org.customerhub.query;

import java.util.List;
import java.util.Optional;

import org.customerhub.canonical.Customer;
import org.customerhub.soap.customers.CustomerFault;
import org.customerhub.soap.customers.CustomerFault_Exception;
import org.customerhub.soap.customers.FindCustomers;
import org.customerhub.soap.customers.FindCustomersResponse;
import org.customerhub.soap.customers.GetCustomer;
import org.customerhub.soap.customers.GetCustomerResponse;

/**
 * The operations of the CustomerService contract (xsd/wsdl/CustomerService.wsdl). CXF has validated the request
 * against the contract's schema before it gets here; what is left to refuse is refused with a fault and a reason.
 */
public final class CustomerSoapService {
    private final CustomerFinder finder;
    private final CustomerProfiles profiles;

    public CustomerSoapService(CustomerFinder finder, CustomerProfiles profiles) {
        this.finder = finder;
        this.profiles = profiles;
    }

    public GetCustomerResponse getCustomer(GetCustomer request) throws CustomerFault_Exception {
        Optional<Customer> customer = profiles.find(request.getHubId().trim());
        if (customer.isEmpty()) {
            throw fault("NOT_FOUND", "no customer with that hub id");
        }
        GetCustomerResponse response = new GetCustomerResponse();
        response.setCustomer(customer.get());
        return response;
    }

    public FindCustomersResponse findCustomers(FindCustomers request) throws CustomerFault_Exception {
        List<String> ids;
        if (request.getKey() != null) {
            ids = finder.find("key", request.getKey().trim());
        } else if (request.getEmail() != null) {
            ids = finder.find("email", request.getEmail().trim());
        } else if (request.getPhone() != null) {
            ids = finder.find("phone", request.getPhone().trim());
        } else if (request.getCard() != null) {
            ids = finder.find("card", request.getCard().trim());
        } else {
            throw fault("SCHEMA_INVALID", "give one of key, email, phone, card");
        }
        FindCustomersResponse response = new FindCustomersResponse();
        response.getCustomer().addAll(profiles.findAll(ids));
        return response;
    }

    private static CustomerFault_Exception fault(String code, String detail) {
        CustomerFault info = new CustomerFault();
        info.setCode(code);
        info.setDetail(detail);
        return new CustomerFault_Exception(code + ": " + detail, info);
    }
}
